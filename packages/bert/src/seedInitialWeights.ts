import * as tf from '@tensorflow/tfjs';

/**
 * Re-draws every matrix of `model` (dense kernels, embedding and position tables) from
 * the Glorot-uniform distribution they were initialised with, each from its own seed
 * `${seed}/${weight name}`. tf.layers takes one seed per initializer, so seeding it
 * directly would give every same-shaped matrix of a block identical values; keying the
 * seed by name gives independent draws that depend only on the seed and the weight's
 * name. Vectors (biases, layer-norm gains) start at constants and are left alone.
 */
export function seedInitialWeights(model: tf.LayersModel, seed: number): void {
  tf.tidy(() => {
    for (const w of model.weights) {
      if (w.shape.length !== 2) continue;
      const [fanIn, fanOut] = w.shape as [number, number];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      w.write(tf.randomUniform([fanIn, fanOut], -limit, limit, 'float32', `${seed}/${w.originalName}`));
    }
  });
}
