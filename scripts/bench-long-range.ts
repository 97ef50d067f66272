/**
 * The long-range dependency task: recall a token seen N positions back.
 *
 *     position:  0      1 … N−1                 N
 *     input:     key    N − 1 distractors       QUERY
 *     target:                                   key
 *
 * The key is one of `keys` symbols, the distractors are drawn from a disjoint set, and
 * the model must name the key at the query position; only that position is scored (the
 * loss weight is 1 there and 0 elsewhere). A transformer attends to the key directly at
 * any distance; a recurrent model must carry it in its state through N − 1 distractors,
 * and its gradient must travel N steps back. Chance accuracy is 1 / keys.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '@tfzoo/data';
import type { LanguageModelBatch } from '@tfzoo/gpt';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { Trainer } from '@tfzoo/train';
import type { BenchModel } from './bench-models';

/** Settings of the task and of the training every model gets. */
export interface LongRangeSettings {
  /** Dependency distances N; each gets a fresh model per architecture. */
  distances: number[];
  /** Number of key symbols (chance accuracy is 1 / keys). */
  keys: number;
  /** Number of distractor symbols. */
  distractors: number;
  /** Optimizer steps, the same for every model. */
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Held-out sequences the accuracy is measured on. */
  evalSequences: number;
}

/** One model trained at one distance. */
export interface LongRangeResult {
  model: string;
  distance: number;
  params: number;
  /** Fraction of held-out queries answered with the right key. */
  accuracy: number;
  /** Mean training loss over the last 10 % of steps. */
  finalLoss: number;
  trainSeconds: number;
}

/** The id of key symbol k: keys come first, after the special tokens. */
const keyId = (k: number) => SPECIAL_TOKENS.CLS + 3 + k; // 7, 8, …
/** The query marker. */
const QUERY = SPECIAL_TOKENS.SEP;

/** The vocabulary the task needs: special tokens, keys and distractors. */
export function longRangeVocabSize(settings: Pick<LongRangeSettings, 'keys' | 'distractors'>): number {
  return keyId(0) + settings.keys + settings.distractors;
}

/** A batch of recall sequences of length N + 1, scored at the last position only. */
export function recallBatch(rng: Random, batchSize: number, distance: number, settings: Pick<LongRangeSettings, 'keys' | 'distractors'>): LanguageModelBatch & { keys: Int32Array } {
  const T = distance + 1;
  const x = new Int32Array(batchSize * T);
  const y = new Int32Array(batchSize * T);
  const weights = new Float32Array(batchSize * T);
  const keys = new Int32Array(batchSize);
  const firstDistractor = keyId(settings.keys);
  for (let b = 0; b < batchSize; b++) {
    const key = keyId(rng.nextInt(settings.keys));
    keys[b] = key;
    const row = b * T;
    x[row] = key;
    for (let t = 1; t < distance; t++) x[row + t] = firstDistractor + rng.nextInt(settings.distractors);
    x[row + distance] = QUERY;
    // Only the query position is scored; other targets are the next inputs (weight 0).
    for (let t = 0; t < distance; t++) y[row + t] = x[row + t + 1];
    y[row + distance] = key;
    weights[row + distance] = 1;
  }
  return { x: { data: x, shape: [batchSize, T] }, y: { data: y, shape: [batchSize, T] }, weights: { data: weights, shape: [batchSize, T] }, keys };
}

/** Trains `model` (fresh) on the task at one distance and measures its held-out accuracy. */
export async function trainOnRecall(model: BenchModel, distance: number, settings: LongRangeSettings, seed: number): Promise<LongRangeResult> {
  const rng = new Random(seed);
  const trainer = new Trainer(model.trainable, {
    maxSteps: settings.steps,
    learningRate: settings.learningRate,
    warmupSteps: Math.max(1, Math.round(settings.steps / 10)),
    weightDecay: 0,
    gradClip: 1,
  });
  const losses: number[] = [];
  const started = performance.now();
  for (let step = 0; step < settings.steps; step++) {
    const { loss } = await trainer.trainStep(() => recallBatch(rng, settings.batchSize, distance, settings));
    losses.push(loss);
  }
  const trainSeconds = (performance.now() - started) / 1000;
  trainer.dispose();
  const tail = losses.slice(-Math.max(1, Math.round(losses.length / 10)));
  const accuracy = await recallAccuracy(model, distance, settings, seed + 1_000_000);
  return { model: model.name, distance, params: model.params, accuracy, finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length, trainSeconds };
}

/** Fraction of held-out sequences whose most likely token at the query position is the key. */
export async function recallAccuracy(model: BenchModel, distance: number, settings: LongRangeSettings, seed: number): Promise<number> {
  const rng = new Random(seed);
  const chunk = Math.min(64, settings.evalSequences);
  let correct = 0;
  let seen = 0;
  while (seen < settings.evalSequences) {
    const n = Math.min(chunk, settings.evalSequences - seen);
    const batch = recallBatch(rng, n, distance, settings);
    const predicted = tf.tidy(() => {
      const logits = model.logits(batch.x); // (n, N + 1, V)
      const last = tf.squeeze(tf.slice(logits, [0, distance, 0], [n, 1, -1]), [1]);
      return tf.argMax(last, 1);
    });
    const ids = await predicted.data();
    predicted.dispose();
    for (let b = 0; b < n; b++) if (ids[b] === batch.keys[b]) correct++;
    seen += n;
  }
  return correct / settings.evalSequences;
}
