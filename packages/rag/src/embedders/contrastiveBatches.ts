import { bertInputIds } from '@tfzoo/bert';
import { permutation, Random, type IntMatrix } from '@tfzoo/data';
import type { BatchSource } from '@tfzoo/train';
import { epochCursor } from './epochCursor';

/**
 * How the two views of a text differ.
 * - `dropout` (SimCSE): both views are the same tokens (the text as `embed` sees it); only
 *   the encoder's dropout masks differ.
 * - `crop` (Contriever-style independent cropping): each view is a random contiguous span
 *   of the text, and dropout differs too, so the encoder must match a part of a passage
 *   to another part, much as a short question must match its passage.
 * - `ict` (inverse cloze task, Lee et al. 2019; built by `ictBatches`, not here): one
 *   sentence of a passage is the query view, the rest of the passage the key view: the
 *   closest label-free stand-in for question→passage retrieval.
 *
 * Measured on /work/shared/data/qa (1424 passages with distractors, 764 questions,
 * recall@5 by passage id; BM25 0.945): an untrained encoder is at chance (0.004): its
 * mean-pooled vectors are nearly all one shared vector (mean pairwise cosine 0.975; a
 * passage's vector has cosine 0.68 with that of an all-"the" text of the same length,
 * i.e. position embeddings and layer norms dominate). With `dropout` the loss falls to ~0.1
 * within 60 steps (two copies of one text are easy to pair) and recall stays at chance
 * (0.003). See `trainContrastiveEncoder` for `crop` and `ict` under the same budget.
 */
export type ContrastiveViews = 'dropout' | 'crop' | 'ict';

/** Options of {@link contrastiveBatches}. */
export interface ContrastiveBatchOptions {
  /** Texts per batch (each gives two rows); the other texts of the batch are the negatives. */
  batchSize: number;
  /** The encoder's maxLength: rows are `<cls> tokens <sep>`, at most this long. */
  maxLength: number;
  /** How the two views differ. Default `dropout`. */
  views?: ContrastiveViews;
  /** With `crop`, each crop keeps this share of the text's tokens, drawn uniformly. Default [0.1, 0.5]. */
  cropFraction?: [number, number];
  /** Seed of the text order and the crops. Default 0. */
  seed?: number;
}

/** Two views of `B` texts: rows [0, B) are the first views, rows [B, 2B) the second, in the same order. */
export interface ContrastiveBatch {
  /** (2B, T) `<cls> tokens <sep>` rows, right-padded with PAD. */
  ids: IntMatrix;
}

/** A resumable source of contrastive batches, and how many make one pass over the texts. */
export interface ContrastiveBatchSource extends BatchSource<ContrastiveBatch> {
  readonly batchesPerEpoch: number;
}

/** Crops shorter than this many tokens carry too little of the text to be matched. */
const MIN_CROP_TOKENS = 4;

/**
 * Endless epochs of contrastive batches over token sequences (no special tokens). Each
 * epoch is a fresh seeded shuffle cut into full batches of distinct texts (a text that
 * does not fill the last batch comes first in a later epoch's order by chance), so every
 * text meets different negatives from epoch to epoch. The state is (epoch, position),
 * so a resumed run sees the batches it would have seen.
 */
export function contrastiveBatches(sequences: readonly ArrayLike<number>[], options: ContrastiveBatchOptions): ContrastiveBatchSource {
  const n = sequences.length;
  const views = options.views ?? 'dropout';
  const [minFraction, maxFraction] = options.cropFraction ?? [0.1, 0.5];
  const seed = options.seed ?? 0;
  if (n < 2) throw new Error(`contrastiveBatches: expected at least 2 texts (each needs another as a negative), got ${n}`);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 2) throw new Error(`contrastiveBatches: expected batchSize to be an integer >= 2, got ${options.batchSize}`);
  if (views === 'ict') throw new Error(`contrastiveBatches: 'ict' views need each text's sentences; use ictBatches`);
  if (views !== 'dropout' && views !== 'crop') throw new Error(`contrastiveBatches: expected views 'dropout' or 'crop', got ${JSON.stringify(views)}`);
  if (!(minFraction > 0 && minFraction <= maxFraction && maxFraction <= 1)) {
    throw new Error(`contrastiveBatches: expected 0 < cropFraction[0] <= cropFraction[1] <= 1, got [${minFraction}, ${maxFraction}]`);
  }
  const tokenLists = sequences.map((s, i) => {
    if (s.length === 0) throw new Error(`contrastiveBatches: text ${i} has no tokens`);
    return Array.from(s);
  });
  const room = options.maxLength - 2; // <cls> and <sep>
  const cursor = epochCursor(n, options.batchSize, seed, (epochSeed) => permutation(n, epochSeed), 'contrastiveBatches');

  const crop = (tokens: number[], random: Random): number[] => {
    if (tokens.length <= MIN_CROP_TOKENS) return tokens.slice(0, room);
    const fraction = random.uniform(minFraction, maxFraction);
    const length = Math.min(room, tokens.length, Math.max(MIN_CROP_TOKENS, Math.round(fraction * tokens.length)));
    const start = random.nextInt(tokens.length - length + 1);
    return tokens.slice(start, start + length);
  };

  return {
    batchesPerEpoch: cursor.batchesPerEpoch,
    next(): ContrastiveBatch {
      // Crops depend only on (seed, epoch, position), not on what ran before: resuming reproduces them.
      const { indices, random } = cursor.next();
      const picked = Array.from(indices, (i) => tokenLists[i]);
      const first = views === 'crop' ? picked.map((t) => crop(t, random)) : picked;
      const second = views === 'crop' ? picked.map((t) => crop(t, random)) : picked;
      return { ids: bertInputIds([...first, ...second], options.maxLength) };
    },
    getState: () => cursor.getState(),
    setState: (state: unknown) => cursor.setState(state),
  };
}
