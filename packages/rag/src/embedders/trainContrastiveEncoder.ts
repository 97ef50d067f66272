import * as tf from '@tensorflow/tfjs';
import { BertClassifier, bertConfigRecord } from '@tfzoo/bert';
import type { IntMatrix } from '@tfzoo/data';
import { Trainer, layersModelVariables, toTensor, type ProgressLineOptions, type StopReason, type TrainConfig, type TrainableModel } from '@tfzoo/train';
import { BertEmbedder } from './BertEmbedder';
import { contrastiveBatches, type ContrastiveBatch, type ContrastiveBatchSource, type ContrastiveViews } from './contrastiveBatches';
import { contrastiveLoss } from './contrastiveLoss';
import { createBertEmbedder, type BertEncoderOptions } from './createBertEmbedder';
import { ictBatches, type IctBatchOptions } from './ictBatches';
import { splitSentences } from '../generation/sentenceSelection';

/** The `format` tag of a contrastive training checkpoint's `model-config.json`. */
export const BERT_CONTRASTIVE_FORMAT = 'tfzoo-bert-contrastive';

/** Options of {@link trainContrastiveEncoder}. */
export interface ContrastiveEncoderOptions extends BertEncoderOptions {
  /** Continue training this encoder (in place) instead of creating one; `tokenizer`, `vocabSize` and `model` must then be left out. */
  encoder?: BertEmbedder | BertClassifier;
  /** InfoNCE temperature τ. Default 0.05 (SimCSE). */
  temperature?: number;
  /**
   * How the two views of a text differ: `ict` (the default: a sentence is the query, the
   * rest of its passage the key; Lee et al. 2019), `crop` (random spans) or `dropout`
   * (SimCSE: the same text twice, differing only by dropout; it stays at chance on SQuAD).
   * See {@link ContrastiveViews} and the measurements in `trainContrastiveEncoder`.
   */
  views?: ContrastiveViews;
  /** With `views: 'crop'`, the share of a text each crop keeps. Default [0.1, 0.5]. */
  cropFraction?: [number, number];
  /** With `views: 'ict'`, the probability that the query sentence stays in its key. Default 0.1 (Lee et al. 2019). */
  keepProbability?: number;
  /**
   * With `views: 'ict'`, the document of each text (parallel to `texts`, e.g. passage
   * titles): batches then hold passages of as few documents as possible, so the negatives
   * are same-topic passages (see `IctBatchOptions.groups`). Ignored by other views.
   */
  groups?: readonly string[];
  /** Texts per step; the other texts of a batch are the negatives, so more is harder and better. Default 64. */
  batchSize?: number;
  /** Passes over the texts. Default 5. Ignored when `maxSteps` is given. */
  epochs?: number;
  /** Optimizer steps (instead of `epochs`). */
  maxSteps?: number;
  /** Peak learning rate (AdamW, warmup then cosine). Default 1e-3, for an encoder trained from scratch. */
  learningRate?: number;
  /** Warmup steps. Default 10 % of the steps. */
  warmupSteps?: number;
  /** AdamW weight decay on matrices. Default 0.01. */
  weightDecay?: number;
  /** Run folder: checkpoint/, metrics.jsonl, loss.svg. `loadEncoderWeights(classifier, runDir + '/checkpoint')` reads a checkpoint. */
  runDir?: string;
  /** Continue from `<runDir>/checkpoint` if it exists. Default false. */
  resume?: boolean;
  /** Progress line options, or false for silence (default: a progress line on stderr). */
  progress?: ProgressLineOptions | false;
  /** Any other training settings, applied last. */
  trainConfig?: Partial<TrainConfig>;
}

/** What {@link trainContrastiveEncoder} returns. */
export interface ContrastiveEncoderResult {
  /** The trained encoder; its fingerprint describes the trained weights. */
  embedder: BertEmbedder;
  /** Optimizer steps in total (including any before a resume). */
  steps: number;
  /** Loss of the first step of this call (about ln(batchSize) for an untrained encoder), or null if none ran. */
  firstLoss: number | null;
  /** Loss of the last step. */
  lastLoss: number | null;
  stopReason: StopReason;
  seconds: number;
}

/**
 * Trains a BERT encoder for retrieval on the collection itself, without labels. Each step
 * takes `batchSize` distinct texts, makes two views of each (see `views`), and minimises
 * InfoNCE with in-batch negatives (`contrastiveLoss`, first view → second): a view's
 * vector must be closer to its partner than to the other texts'. The vectors are the
 * ones `embed()` returns (masked mean over the encoder's output), so training shapes
 * exactly the space retrieval uses. The two halves of a batch run padded each to their
 * own longest row, so short ICT queries do not pay for the keys' length.
 *
 * With `views: 'ict'` (inverse cloze task, Lee et al. 2019) a random sentence of a
 * passage (`splitSentences`) is the query and the rest of the passage, without that
 * sentence 9 times in 10, the key. That is question→passage retrieval with the
 * collection's own sentences as questions. With `groups` (e.g. passage titles) a batch
 * holds passages of few documents, so its negatives are same-topic passages.
 *
 * Measured on the SQuAD pool of examples/rag (1424 passages with distractors, 764
 * questions, retrieval by passage id), wasm on one shared core, each run ≤ 12 min: with `bert-mini` and the default BPE tokenizer an
 * untrained encoder is at chance (recall@5 0.004) and `dropout` stays there (0.003);
 * `ict` with a lower-cased word tokenizer (`trainClassifierTokenizer(texts, { kind:
 * 'word', vocabSize: 16000 })`), `model: { hiddenSize: 64, intermediateSize: 256,
 * numLayers: 1 }`, batch 64, learning rate 5e-3, τ 0.05, titles as `groups`, 500 steps
 * (565 s) reaches recall@1/5/10 0.141/0.258/0.326 (MRR 0.191), against BM25's
 * 0.813/0.945/0.971; `crop` with the same settings (no groups; 434 steps in
 * the same 700 s budget) 0.119/0.283/0.407 (MRR 0.191). Both learn retrieval where
 * `dropout` does not; `ict` is the default because its task is the one retrieval asks
 * (a short question against a passage that holds its context), and it uses `groups`. Fused with BM25 as
 * the CLI does (RRF k 10, dense weight 0.3) the ICT encoder gives recall@5 0.946 but
 * recall@1 0.736 and MRR 0.832: a trained-from-scratch encoder this small is a
 * tie-breaker at best, not a replacement for BM25.
 *
 * Creates the encoder and its tokenizer (`createBertEmbedder`, so the untrained encoder
 * for the same options is the baseline) or continues `options.encoder`. Uses @tfzoo/train's
 * Trainer: AdamW, warmup and cosine decay, gradient clipping, a progress line,
 * checkpoints and resume with `runDir`. Duplicate and empty texts are dropped (a
 * duplicate in a batch would be a false negative).
 *
 * @example
 * const texts = passages.map(passageEmbeddingText);
 * const { embedder, lastLoss } = await trainContrastiveEncoder(texts, {
 *   tokenizer: trainClassifierTokenizer(texts, { kind: 'word', vocabSize: 16000 }),
 *   model: { hiddenSize: 64, intermediateSize: 256, numLayers: 1 },
 *   views: 'ict', groups: passages.map((p) => p.title ?? ''),
 *   maxSteps: 500, learningRate: 5e-3,
 * });
 * await embedder.save('models/rag-encoder', { lastLoss });
 */
export async function trainContrastiveEncoder(texts: readonly string[], options: ContrastiveEncoderOptions = {}): Promise<ContrastiveEncoderResult> {
  if (options.encoder !== undefined && (options.tokenizer !== undefined || options.vocabSize !== undefined || options.model !== undefined)) {
    throw new Error('trainContrastiveEncoder: options.encoder continues an existing encoder, which has its own tokenizer and architecture; leave out tokenizer, vocabSize and model');
  }
  if (options.groups !== undefined && options.groups.length !== texts.length) {
    throw new Error(`trainContrastiveEncoder: expected one group per text (${texts.length}), got ${options.groups.length}`);
  }
  const distinct = [...new Set(texts)].filter((t) => t.trim().length > 0);
  if (distinct.length < 2) throw new Error(`trainContrastiveEncoder: expected at least 2 distinct non-empty texts (each needs another as its negative), got ${distinct.length}`);
  const embedder =
    options.encoder instanceof BertEmbedder
      ? options.encoder
      : options.encoder instanceof BertClassifier
        ? new BertEmbedder(options.encoder)
        : createBertEmbedder(distinct, options);
  try {
    const groupOf = new Map<string, string>();
    if (options.groups !== undefined) texts.forEach((t, i) => groupOf.has(t) || groupOf.set(t, options.groups![i]));
    return await trainEncoder(embedder, distinct, options.groups === undefined ? undefined : distinct.map((t) => groupOf.get(t)!), options);
  } catch (e) {
    // An encoder made here is nobody else's to free.
    if (options.encoder === undefined) embedder.dispose();
    throw e;
  }
}

async function trainEncoder(embedder: BertEmbedder, texts: string[], groups: string[] | undefined, options: ContrastiveEncoderOptions): Promise<ContrastiveEncoderResult> {
  const classifier = embedder.classifier;
  const seed = options.seed ?? 0;
  const views = options.views ?? 'ict';
  const batchOptions = { batchSize: options.batchSize ?? 64, maxLength: classifier.config.maxLength, seed };
  const batches = views === 'ict' ? ictSource(classifier, texts, groups, { ...batchOptions, keepProbability: options.keepProbability }) : contrastiveBatches(tokenSequences(classifier, texts), { ...batchOptions, views, cropFraction: options.cropFraction });
  const maxSteps = options.maxSteps ?? Math.max(1, Math.round((options.epochs ?? 5) * batches.batchesPerEpoch));
  const trainConfig: TrainConfig = {
    maxSteps,
    learningRate: options.learningRate ?? 1e-3,
    warmupSteps: options.warmupSteps ?? Math.round(0.1 * maxSteps),
    weightDecay: options.weightDecay ?? 0.01,
    ...options.trainConfig,
  };

  // ids → pooled (B, d): the graph `embed()` runs, here with dropout on. It shares the
  // classifier's layers, so it must never be disposed on its own.
  const pooler = tf.model({ name: 'bert_contrastive_pooler', inputs: classifier.graph.ids, outputs: classifier.graph.pooled });
  const temperature = options.temperature ?? 0.05;
  const trainable: TrainableModel<ContrastiveBatch> = {
    variables: () => layersModelVariables(classifier.encoder),
    loss: (batch, { training }) =>
      tf.tidy(() => {
        // Each half runs padded to its own longest row: short query sentences would
        // otherwise pay for the keys' length (ICT queries are ~1/5 of a passage).
        const B = batch.ids.shape[0] / 2;
        const first = pooler.apply(toTensor(trimmedRows(batch.ids, 0, B)), { training }) as tf.Tensor2D; // (B, d)
        const second = pooler.apply(toTensor(trimmedRows(batch.ids, B, B)), { training }) as tf.Tensor2D; // (B, d)
        return contrastiveLoss(first, second, { temperature });
      }),
    config: () => ({ ...bertConfigRecord(classifier.config), format: BERT_CONTRASTIVE_FORMAT, temperature, views }),
  };

  const started = performance.now();
  const trainer = new Trainer(trainable, trainConfig);
  try {
    const result = await trainer.fit({
      train: batches,
      runDir: options.runDir,
      resume: options.resume,
      tokenizer: classifier.tokenizer,
      countTokens: (b) => b.ids.data.length,
      progress: options.progress,
    });
    embedder.refreshInfo();
    return { embedder, steps: result.step, firstLoss: result.firstLoss, lastLoss: result.lastLoss, stopReason: result.stopReason, seconds: (performance.now() - started) / 1000 };
  } finally {
    trainer.dispose();
  }
}

/** Each text's tokens; texts that tokenize to nothing are left out. */
function tokenSequences(classifier: BertClassifier, texts: readonly string[]): Int32Array[] {
  const tokenized = classifier.tokenize(texts);
  return Array.from({ length: tokenized.length }, (_, i) => tokenized.get(i)).filter((s) => s.length > 0);
}

/** ICT batches over each text's sentences (`splitSentences`); texts that tokenize to nothing are left out. */
function ictSource(classifier: BertClassifier, texts: readonly string[], groups: readonly string[] | undefined, options: Omit<IctBatchOptions, 'groups'>): ContrastiveBatchSource {
  const sentences = texts.map((t) => splitSentences(t));
  const tokenized = classifier.tokenize(sentences.flat());
  let next = 0;
  const passages = sentences.map((list) => list.map(() => tokenized.get(next++)).filter((s) => s.length > 0));
  const kept = passages.map((_, i) => i).filter((i) => passages[i].length > 0);
  return ictBatches(
    kept.map((i) => passages[i]),
    { ...options, groups: groups === undefined ? undefined : kept.map((i) => groups[i]) },
  );
}

/** Rows [from, from + count) of a PAD-right-padded matrix, without the columns that are PAD in all of them. */
export function trimmedRows(ids: IntMatrix, from: number, count: number): IntMatrix {
  const [, T] = ids.shape;
  let width = 0;
  for (let r = from; r < from + count; r++) {
    for (let t = T - 1; t >= width; t--) {
      if (ids.data[r * T + t] !== 0) {
        width = t + 1;
        break;
      }
    }
  }
  width = Math.max(width, 1);
  const data = new Int32Array(count * width);
  for (let r = 0; r < count; r++) data.set(ids.data.subarray((from + r) * T, (from + r) * T + width), r * width);
  return { data, shape: [count, width] };
}
