import { bertInputIds } from '@tfzoo/bert';
import { permutation, Random } from '@tfzoo/data';
import { epochCursor } from './epochCursor';
import type { ContrastiveBatch, ContrastiveBatchSource } from './contrastiveBatches';

/** Options of {@link ictBatches}. */
export interface IctBatchOptions {
  /** Passages per batch (each gives a query row and a key row); the other passages' keys are the negatives. */
  batchSize: number;
  /** The encoder's maxLength: rows are `<cls> tokens <sep>`, at most this long. */
  maxLength: number;
  /**
   * Probability that the query sentence stays in its key. Default 0.1 (Lee et al. 2019):
   * mostly the key lacks the sentence, so the encoder must match a sentence to its
   * context, not to a copy of itself; sometimes it has it, so exact overlap still counts.
   */
  keepProbability?: number;
  /**
   * The document each passage comes from (any label, e.g. its title). When given, each
   * epoch shuffles the documents and the passages within each, then cuts the sequence
   * into batches, so a batch holds passages of as few documents as possible: the
   * negatives share the topic, and the encoder must match the words that single out one
   * passage, not just the subject (what within-document retrieval, as in SQuAD, needs).
   */
  groups?: readonly (string | number)[];
  /** Seed of the passage order, the query sentences and the keep draws. Default 0. */
  seed?: number;
}

/** One inverse-cloze pair of a passage, in tokens (no special tokens). */
export interface IctPair {
  /** The query: one sentence of the passage, cut to the row's room. */
  query: number[];
  /** The key: the passage's other sentences (all of them when `kept`), a window of at most the row's room. */
  key: number[];
  /** Index of the query sentence. */
  sentence: number;
  /** Whether the query sentence was left in the key. */
  kept: boolean;
}

/**
 * The inverse cloze pair of one passage given as token sequences of its sentences: a
 * random sentence is the query; the key is the passage with that sentence removed (kept
 * with probability `keepProbability`). A one-sentence passage has no context to remove
 * its sentence from, so its key is the sentence itself. A key longer than `room` tokens
 * is cut to the `room`-token window centred on where the sentence was, the context that
 * sentence most depends on.
 */
export function ictPair(sentences: readonly (readonly number[])[], random: Random, room: number, keepProbability = 0.1): IctPair {
  if (sentences.length === 0) throw new Error('ictPair: expected a passage with at least one sentence, got none');
  if (!Number.isInteger(room) || room < 1) throw new Error(`ictPair: expected room to be an integer >= 1, got ${room}`);
  const sentence = random.nextInt(sentences.length);
  const kept = sentences.length === 1 || random.nextFloat() < keepProbability;
  const before = sentences.slice(0, sentence).flat();
  const after = sentences.slice(sentence + 1).flat();
  const query = sentences[sentence].slice(0, room);
  const key = kept ? [...before, ...sentences[sentence], ...after] : [...before, ...after];
  // Where the query sentence sits in the key: the window is centred there.
  const centre = kept ? before.length + Math.floor(sentences[sentence].length / 2) : before.length;
  const start = Math.max(0, Math.min(key.length - room, centre - Math.floor(room / 2)));
  return { query, key: key.slice(start, start + room), sentence, kept };
}

/**
 * Endless epochs of inverse cloze task batches (Lee et al. 2019, "Latent Retrieval for
 * Weakly Supervised Open Domain QA"): for each passage of a batch, one random sentence
 * is the query view and the rest of the passage the key view (see {@link ictPair}).
 * Rows [0, B) are the queries and rows [B, 2B) the keys, in the same order, so InfoNCE
 * over the batch (`contrastiveLoss(queries, keys)`) teaches query→passage retrieval with
 * the other passages as negatives, from the collection alone.
 *
 * `passages[i]` holds the token sequences (no special tokens) of passage i's sentences;
 * passages without tokens are refused. Each epoch is a fresh seeded shuffle cut into full
 * batches; the pairs of a batch depend only on (seed, epoch, position), so a resumed run
 * sees the batches it would have seen.
 */
export function ictBatches(passages: readonly (readonly ArrayLike<number>[])[], options: IctBatchOptions): ContrastiveBatchSource {
  const n = passages.length;
  const seed = options.seed ?? 0;
  const keepProbability = options.keepProbability ?? 0.1;
  if (n < 2) throw new Error(`ictBatches: expected at least 2 passages (each needs another as a negative), got ${n}`);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 2) throw new Error(`ictBatches: expected batchSize to be an integer >= 2, got ${options.batchSize}`);
  if (!(keepProbability >= 0 && keepProbability <= 1)) throw new Error(`ictBatches: expected keepProbability in [0, 1], got ${keepProbability}`);
  if (!Number.isInteger(options.maxLength) || options.maxLength < 3) throw new Error(`ictBatches: expected maxLength to be an integer >= 3, got ${options.maxLength}`);
  if (options.groups !== undefined && options.groups.length !== n) throw new Error(`ictBatches: expected one group per passage (${n}), got ${options.groups.length}`);
  const sentenceLists = passages.map((sentences, i) => {
    const lists = sentences.map((s) => Array.from(s)).filter((s) => s.length > 0);
    if (lists.length === 0) throw new Error(`ictBatches: passage ${i} has no tokens`);
    return lists;
  });
  const room = options.maxLength - 2; // <cls> and <sep>
  const orderOf = (epochSeed: number): Int32Array => (options.groups === undefined ? permutation(n, epochSeed) : groupedOrder(options.groups, epochSeed));
  const cursor = epochCursor(n, options.batchSize, seed, orderOf, 'ictBatches');

  return {
    batchesPerEpoch: cursor.batchesPerEpoch,
    next(): ContrastiveBatch {
      const { indices, random } = cursor.next();
      const pairs = Array.from(indices, (i) => ictPair(sentenceLists[i], random, room, keepProbability));
      return { ids: bertInputIds([...pairs.map((p) => p.query), ...pairs.map((p) => p.key)], options.maxLength) };
    },
    getState: () => cursor.getState(),
    setState: (state: unknown) => cursor.setState(state),
  };
}

/** A shuffle of [0, n) that keeps each group's members together: groups in random order, members in random order. */
export function groupedOrder(groups: readonly (string | number)[], seed: number): Int32Array {
  const members = new Map<string | number, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  const lists = [...members.values()];
  const out = new Int32Array(groups.length);
  let at = 0;
  for (const g of permutation(lists.length, seed)) {
    const list = lists[g];
    for (const k of permutation(list.length, (seed * 31 + g + 1) >>> 0)) out[at++] = list[k];
  }
  return out;
}
