import * as tf from '@tensorflow/tfjs';
import { SUM_OF_SQUARES_KERNEL } from '@tfzoo/core';

/**
 * The L2 norm of all tensors taken together, as if concatenated into one vector.
 *
 * Where the backend has the fused `SUM_OF_SQUARES_KERNEL` (wasm, after
 * `registerWasmTrainingKernels`) and every tensor is float32, it is one kernel summing
 * in double precision; elsewhere a Square and a Sum per tensor, an AddN and a Sqrt.
 */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  if (tf.getKernel(SUM_OF_SQUARES_KERNEL, tf.getBackend()) != null && tensors.every((t) => t.dtype === 'float32')) {
    // Keyed '0' … 'N-1', as tfjs passes AddN's list.
    const inputs: tf.NamedTensorMap = Object.fromEntries(tensors.map((t, i) => [String(i), t]));
    return tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, inputs, { sqrt: true }) as tf.Scalar;
  }
  return tf.tidy(() => tf.addN(tensors.map((t) => tf.sum(tf.square(t)))).sqrt() as tf.Scalar);
}

/**
 * The factor `clipByGlobalNorm` scales by, `min(1, maxNorm / (norm + 1e-6))`, and the norm
 * before clipping, both as scalar tensors (the caller disposes them). Pass the factor to
 * `AdamW.applyGradients` as `gradScale` to clip without materialising clipped copies and
 * without reading anything back to JS.
 */
export function clipFactor(tensors: readonly tf.Tensor[], maxNorm: number): { factor: tf.Scalar; norm: tf.Scalar } {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new Error(`clipFactor: expected maxNorm > 0, got ${maxNorm}`);
  return tf.tidy(() => {
    const norm = globalNorm(tensors);
    return { factor: tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1) as tf.Scalar, norm };
  });
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
    const { factor, norm } = clipFactor(tensors, maxNorm);
    return { clipped: tensors.map((t) => tf.mul(t, factor)), norm };
  });
}
