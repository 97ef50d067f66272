import * as tf from '@tensorflow/tfjs';
import type { ModelVariable } from '@tfzoo/train';

/**
 * Layer weights as the trainer's `ModelVariable`s, named by their scoped names
 * (`lstm_0/kernel`), which depend only on the (explicit) layer names, so checkpoints of
 * one architecture load into every instance of it. Throws on a duplicate name.
 */
export function modelVariables(modelName: string, weights: readonly tf.LayerVariable[]): ModelVariable[] {
  const seen = new Set<string>();
  return weights.map((w) => {
    if (seen.has(w.originalName)) throw new Error(`${modelName}: two weights are named '${w.originalName}'`);
    seen.add(w.originalName);
    return { name: w.originalName, variable: w.read() as tf.Variable, trainable: w.trainable };
  });
}

/** Number of scalar parameters in a list of weights. */
export function countWeights(weights: readonly tf.LayerVariable[]): number {
  return weights.reduce((n, w) => n + w.shape.reduce((a: number, d) => a * (d ?? 0), 1), 0);
}
