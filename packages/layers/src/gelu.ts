import * as tf from '@tensorflow/tfjs';

/**
 * The exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016), as in BERT.
 * Built from tf.erf, which has a gradient and a kernel on every backend tfzoo uses
 * (cpu, wasm, tfjs-node).
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))) as T);
}
