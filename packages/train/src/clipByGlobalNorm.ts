import * as tf from '@tensorflow/tfjs';

/** The L2 norm of all tensors taken together, as if concatenated into one vector. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  return tf.tidy(() => tf.addN(tensors.map((t) => tf.sum(tf.square(t)))).sqrt() as tf.Scalar);
}

/**
 * Scales gradients so their global norm is at most `maxNorm`, as
 * `torch.nn.utils.clip_grad_norm_`: every tensor is multiplied by
 * `min(1, maxNorm / (norm + 1e-6))`, which keeps the update's direction.
 * Below the threshold the factor is exactly 1, so gradients come back unchanged.
 *
 * Returns new tensors (the inputs are not disposed) and the norm before clipping,
 * which is worth logging: spikes show instability before the loss does.
 */
export function clipByGlobalNorm(tensors: readonly tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new Error(`clipByGlobalNorm: expected maxNorm > 0, got ${maxNorm}`);
  return tf.tidy(() => {
    const norm = globalNorm(tensors);
    const factor = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return { clipped: tensors.map((t) => tf.mul(t, factor)), norm };
  });
}
