/**
 * Throughput of the benchmark's language models: training and inference tokens per second
 * at each (batch size, sequence length), and per-token generation latency at each context
 * length.
 */
import * as tf from '@tensorflow/tfjs';
import { Random, type IntMatrix } from '@tfzoo/data';
import { Trainer } from '@tfzoo/train';
import type { BenchModel, GenerationMode } from './bench-models';
import { mapMeasurement, measure, type Measurement } from './bench-timing';

/** Repetitions of every timed figure. */
export interface Repetitions {
  /** Untimed runs before the timed ones. */
  warmup: number;
  /** Timed runs, at least; the figure is their median. */
  reps: number;
  /** Fast figures are timed again (up to `maxReps` runs) until the timed runs add up to this many ms. */
  minTimeMs: number;
  /** Most timed runs of a fast figure. */
  maxReps: number;
}

/** Training and inference speed of one model at one shape. */
export interface ThroughputResult {
  model: string;
  batchSize: number;
  seqLength: number;
  /** One optimizer step (forward, backward, gradient clipping, AdamW update), ms. */
  trainStepMs: Measurement;
  /** B·T / step time. */
  trainTokensPerSecond: Measurement;
  /** One forward pass over the whole batch, logits read back, ms. */
  inferenceMs: Measurement;
  /** B·T / forward time. */
  inferenceTokensPerSecond: Measurement;
}

/** Per-token generation latency of one model at one context length. */
export interface GenerationResult {
  model: string;
  mode: GenerationMode;
  /** Tokens already in the context when the timed token is generated. */
  contextLength: number;
  /** One token appended and the next logits read back, batch 1, ms. */
  msPerToken: Measurement;
}

/** Random ids in [7, vocabSize): content does not change the cost of any model here. */
export function randomBatch(rng: Random, batchSize: number, seqLength: number, vocabSize: number): { x: IntMatrix; y: IntMatrix } {
  const ids = () => Int32Array.from({ length: batchSize * seqLength }, () => 7 + rng.nextInt(vocabSize - 7));
  return { x: { data: ids(), shape: [batchSize, seqLength] }, y: { data: ids(), shape: [batchSize, seqLength] } };
}

/** Times training steps and inference passes of `model` on (B, T) batches. */
export async function measureThroughput(model: BenchModel, batchSize: number, seqLength: number, vocabSize: number, repetitions: Repetitions): Promise<ThroughputResult> {
  const rng = new Random(batchSize * 1000 + seqLength);
  const batch = randomBatch(rng, batchSize, seqLength, vocabSize);
  const tokens = batchSize * seqLength;
  // The trainer's own step: the same forward, backward and AdamW update `Trainer.fit` runs.
  const trainer = new Trainer(model.trainable, { maxSteps: 1_000_000, learningRate: 1e-4, weightDecay: 0.1, gradClip: 1 });
  const trainStepMs = await measure(() => trainer.trainStep(() => batch), repetitions);
  trainer.dispose();
  const inferenceMs = await measure(async () => {
    const logits = model.logits(batch.x);
    await logits.data();
    logits.dispose();
  }, repetitions);
  const perSecond = (ms: number) => (tokens * 1000) / ms;
  return {
    model: model.name,
    batchSize,
    seqLength,
    trainStepMs,
    trainTokensPerSecond: mapMeasurement(trainStepMs, perSecond),
    inferenceMs,
    inferenceTokensPerSecond: mapMeasurement(inferenceMs, perSecond),
  };
}

/**
 * Times generating one token after a context of `contextLength` tokens (batch 1): the
 * prompt is read untimed, then each repetition appends one token and reads the logits.
 * The context grows by one per repetition (warm-up included), which the caller allows for
 * in the GPT's block size.
 */
export async function measureGeneration(model: BenchModel, mode: GenerationMode, contextLength: number, vocabSize: number, repetitions: Repetitions): Promise<GenerationResult> {
  const rng = new Random(contextLength);
  const prompt = Array.from({ length: contextLength }, () => 7 + rng.nextInt(vocabSize - 7));
  const generator = model.generator(mode);
  try {
    await generator.start(prompt);
    const msPerToken = await measure(() => generator.next(7 + rng.nextInt(vocabSize - 7)), repetitions);
    return { model: model.name, mode, contextLength, msPerToken };
  } finally {
    generator.dispose();
  }
}

/** Tensors alive now; the bench checks that a model's measurements leave none behind. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
