import * as tf from '@tensorflow/tfjs';
import { BertClassifier, bertConfigRecord } from '@tfzoo/bert';
import { Trainer, layersModelVariables, toTensor, type ProgressLineOptions, type StopReason, type TrainConfig, type TrainableModel } from '@tfzoo/train';
import { BertEmbedder } from './BertEmbedder';
import { contrastiveBatches, type ContrastiveBatch, type ContrastiveViews } from './contrastiveBatches';
import { contrastiveLoss } from './contrastiveLoss';
import { createBertEmbedder, type BertEncoderOptions } from './createBertEmbedder';

/** The `format` tag of a contrastive training checkpoint's `model-config.json`. */
export const BERT_CONTRASTIVE_FORMAT = 'tfzoo-bert-contrastive';

/** Options of {@link trainContrastiveEncoder}. */
export interface ContrastiveEncoderOptions extends BertEncoderOptions {
  /** Continue training this encoder (in place) instead of creating one; `tokenizer`, `vocabSize` and `model` must then be left out. */
  encoder?: BertEmbedder | BertClassifier;
  /** InfoNCE temperature τ. Default 0.05 (SimCSE). */
  temperature?: number;
  /**
   * How the two views of a text differ: `dropout` (SimCSE, default) or `crop` (random
   * spans, which is what teaches question→passage matching; see {@link ContrastiveViews}
   * for measurements).
   */
  views?: ContrastiveViews;
  /** With `views: 'crop'`, the share of a text each crop keeps. Default [0.1, 0.5]. */
  cropFraction?: [number, number];
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
 * Trains a BERT encoder for retrieval on the collection itself, without labels:
 * unsupervised SimCSE (Gao et al. 2021). Each step takes `batchSize` distinct texts,
 * encodes every text twice with dropout on (two views, see `views`), and minimises
 * InfoNCE with in-batch negatives (`contrastiveLoss`): a text's two vectors must be
 * closer to each other than to the other texts' vectors. The vectors are the ones
 * `embed()` returns (masked mean over the encoder's output), so training shapes exactly
 * the space retrieval uses.
 *
 * Creates the encoder and its tokenizer (`createBertEmbedder`, so the untrained encoder
 * for the same options is the baseline) or continues `options.encoder`. Uses @tfzoo/train's
 * Trainer: AdamW, warmup and cosine decay, gradient clipping, a progress line,
 * checkpoints and resume with `runDir`. Duplicate and empty texts are dropped (a
 * duplicate in a batch would be a false negative).
 *
 * @example
 * const baseline = createBertEmbedder(texts, { seed: 1 });
 * const { embedder, lastLoss } = await trainContrastiveEncoder(texts, { seed: 1, epochs: 10 });
 * await embedder.save('models/rag-encoder', { lastLoss });
 */
export async function trainContrastiveEncoder(texts: readonly string[], options: ContrastiveEncoderOptions = {}): Promise<ContrastiveEncoderResult> {
  if (options.encoder !== undefined && (options.tokenizer !== undefined || options.vocabSize !== undefined || options.model !== undefined)) {
    throw new Error('trainContrastiveEncoder: options.encoder continues an existing encoder, which has its own tokenizer and architecture; leave out tokenizer, vocabSize and model');
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
    return await trainEncoder(embedder, distinct, options);
  } catch (e) {
    // An encoder made here is nobody else's to free.
    if (options.encoder === undefined) embedder.dispose();
    throw e;
  }
}

async function trainEncoder(embedder: BertEmbedder, texts: string[], options: ContrastiveEncoderOptions): Promise<ContrastiveEncoderResult> {
  const classifier = embedder.classifier;
  const seed = options.seed ?? 0;
  const tokenized = classifier.tokenize(texts);
  const sequences = Array.from({ length: tokenized.length }, (_, i) => tokenized.get(i)).filter((s) => s.length > 0);
  const batches = contrastiveBatches(sequences, {
    batchSize: options.batchSize ?? 64,
    maxLength: classifier.config.maxLength,
    views: options.views,
    cropFraction: options.cropFraction,
    seed,
  });
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
        const pooled = pooler.apply(toTensor(batch.ids), { training }) as tf.Tensor2D; // (2B, d)
        const B = pooled.shape[0] / 2;
        const first = tf.slice(pooled, [0, 0], [B, -1]) as tf.Tensor2D;
        const second = tf.slice(pooled, [B, 0], [B, -1]) as tf.Tensor2D;
        return contrastiveLoss(first, second, { temperature });
      }),
    config: () => ({ ...bertConfigRecord(classifier.config), format: BERT_CONTRASTIVE_FORMAT, temperature, views: options.views ?? 'dropout' }),
  };

  const started = performance.now();
  let firstLoss: number | null = null;
  const trainer = new Trainer(trainable, trainConfig);
  try {
    const result = await trainer.fit({
      train: batches,
      runDir: options.runDir,
      resume: options.resume,
      tokenizer: classifier.tokenizer,
      countTokens: (b) => b.ids.data.length,
      progress: options.progress,
      onStep: ({ loss }) => {
        if (firstLoss === null) firstLoss = loss;
      },
    });
    embedder.refreshInfo();
    return { embedder, steps: result.step, firstLoss, lastLoss: result.lastLoss, stopReason: result.stopReason, seconds: (performance.now() - started) / 1000 };
  } finally {
    trainer.dispose();
  }
}
