import * as tf from '@tensorflow/tfjs';
import { GELU_GRAD_KERNEL, GELU_KERNEL } from '@tfzoo/core';

/**
 * The exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016), as in BERT.
 *
 * Where the running backend has @tfzoo/core's fused GELU kernels (wasm with SIMD), it is one
 * kernel forward and one backward (`tf.customGrad`); elsewhere it is built from tf.erf, which
 * has a gradient and a kernel on every backend tfzoo uses (cpu, wasm, tfjs-node).
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const backend = tf.getBackend();
    if (x.dtype === 'float32' && tf.getKernel(GELU_KERNEL, backend) != null && tf.getKernel(GELU_GRAD_KERNEL, backend) != null) {
      return fusedGelu(x) as T;
    }
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))) as T;
  });
}

/** GELU as one kernel, with its gradient dy·GELU'(x) as one kernel. */
const fusedGelu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  // customGrad passes the inputs, then the function that saves tensors for the gradient.
  const input = args[0] as tf.Tensor;
  (args[1] as tf.GradSaveFunc)([input]);
  return {
    value: tf.engine().runKernel(GELU_KERNEL, { x: input }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(GELU_GRAD_KERNEL, { x: saved[0], dy }) as tf.Tensor,
  };
}) as (x: tf.Tensor) => tf.Tensor;
