import * as tf from '@tensorflow/tfjs';
import { Random } from '@tfzoo/data';
import type { BatchSource } from '../TrainableModel';
import { LayersModelTrainable, SupervisedBatch, layersModelTrainable, supervisedLoss } from '../layersModelTrainable';

/** Options of `denseModel`. */
export interface DenseModelOptions {
  inputs?: number;
  hidden?: number;
  outputs?: number;
  dropout?: number;
  /** Seeds the initialisers, so two models with the same seed start equal. */
  seed?: number;
}

/** A small two-layer MLP with explicitly named layers (stable weight names) and seeded initial weights. */
export function denseModel(options: DenseModelOptions = {}): tf.LayersModel {
  const { inputs = 4, hidden = 8, outputs = 2, dropout = 0, seed = 1 } = options;
  const layers: tf.layers.Layer[] = [
    tf.layers.dense({
      name: 'hidden',
      units: hidden,
      inputShape: [inputs],
      activation: 'tanh',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      biasInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: seed + 1 }),
    }),
  ];
  if (dropout > 0) layers.push(tf.layers.dropout({ name: 'dropout', rate: dropout }));
  layers.push(
    tf.layers.dense({
      name: 'out',
      units: outputs,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
      biasInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: seed + 3 }),
    }),
  );
  return tf.sequential({ layers });
}

/** `denseModel` wrapped for the trainer with a mean-squared-error loss. */
export function denseTrainable(options: DenseModelOptions = {}): LayersModelTrainable<SupervisedBatch> {
  return layersModelTrainable(denseModel(options), supervisedLoss(tf.losses.meanSquaredError));
}

/**
 * Seeded regression batches: x uniform in [-1, 1], y a fixed nonlinear function
 * of x. The state is the RNG state, so checkpoints resume the exact sequence.
 */
export function regressionSource(seed: number, batchSize = 8, inputs = 4, outputs = 2): BatchSource<SupervisedBatch> {
  const rng = new Random(seed);
  return {
    next() {
      const xs = new Float32Array(batchSize * inputs);
      const ys = new Float32Array(batchSize * outputs);
      for (let b = 0; b < batchSize; b++) {
        for (let i = 0; i < inputs; i++) xs[b * inputs + i] = rng.uniform(-1, 1);
        for (let o = 0; o < outputs; o++) {
          let s = 0;
          for (let i = 0; i < inputs; i++) s += Math.sin((o + 1) * (i + 1)) * xs[b * inputs + i];
          ys[b * outputs + o] = Math.tanh(s);
        }
      }
      return { xs: { data: xs, shape: [batchSize, inputs] }, ys: { data: ys, shape: [batchSize, outputs] } };
    },
    getState: () => rng.state,
    setState: (state) => (rng.state = state as number),
  };
}

/** Every weight's values, by name, for comparing two models. */
export function weightValues(trainable: { variables(): Array<{ name: string; variable: tf.Variable }> }): Map<string, Float32Array> {
  return new Map(trainable.variables().map((v) => [v.name, v.variable.dataSync() as Float32Array]));
}

/** Largest absolute difference between two weight maps with the same names. */
export function maxWeightDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let max = 0;
  for (const [name, va] of a) {
    const vb = b.get(name);
    if (!vb || vb.length !== va.length) throw new Error(`weight '${name}' missing or resized`);
    for (let i = 0; i < va.length; i++) max = Math.max(max, Math.abs(va[i] - vb[i]));
  }
  return max;
}
