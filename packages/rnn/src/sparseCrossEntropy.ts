import * as tf from '@tensorflow/tfjs';

/**
 * Mean cross-entropy of (N, V) logits against integer targets (N,), optionally weighted
 * per row (a 0/1 padding mask): Σ wᵢ·(−log softmax(logitsᵢ)[targetᵢ]) / Σ wᵢ.
 * With all weights 0 the loss is 0 (not NaN).
 */
export function sparseCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const [N, V] = logits.shape;
    if (targets.shape[0] !== N) throw new Error(`sparseCrossEntropy: expected ${N} targets for ${N} rows of logits, got ${targets.shape[0]}`);
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.cast(targets, 'int32'), V)), 1); // (N,)
    if (weights === undefined) return tf.neg(tf.mean(picked)) as tf.Scalar;
    if (weights.shape[0] !== N) throw new Error(`sparseCrossEntropy: expected ${N} weights, got ${weights.shape[0]}`);
    const w = tf.cast(weights, 'float32');
    return tf.neg(tf.div(tf.sum(tf.mul(picked, w)), tf.maximum(tf.sum(w), 1e-12))) as tf.Scalar;
  });
}
