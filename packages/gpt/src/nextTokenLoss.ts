import * as tf from '@tensorflow/tfjs';

/**
 * Per-position negative log-likelihoods −log P(targets[b, t] | logits[b, t]), (B, T).
 *
 * Computed from logits with a log-softmax (stable: no exp of large logits, no log of 0)
 * and a one-hot pick, whose gradient is softmax − one-hot on every backend (a gather
 * would need a scatter in its gradient).
 */
export function tokenNegativeLogLikelihoods(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    if (targets.shape[0] !== B || targets.shape[1] !== T) {
      throw new Error(`expected targets of shape [${B}, ${T}] to match logits [${B}, ${T}, ${V}], got [${targets.shape}]`);
    }
    const logProbs = tf.logSoftmax(tf.reshape(logits, [B * T, V])); // (B·T, V)
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.reshape(tf.cast(targets, 'int32'), [B * T]), V)), -1); // (B·T)
    return tf.reshape(tf.neg(picked), [B, T]) as tf.Tensor2D;
  });
}

/**
 * The next-token cross-entropy L = −Σ log P(tᵢ | t<ᵢ), averaged over the counted positions.
 *
 * `weights` (B, T) of 0/1 (or any non-negative values) selects which targets count: the loss
 * is Σ w·nll / Σ w. Fine-tuning sets w = 0 on prompt tokens and padding, so only completion
 * tokens are learned (L = −Σ log P(tᵢ | t<ᵢ, c)); without weights every position counts.
 * A batch whose weights are all 0 has loss 0 (not NaN).
 */
export function nextTokenLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, weights?: tf.Tensor2D | null): tf.Scalar {
  return tf.tidy(() => {
    const nll = tokenNegativeLogLikelihoods(logits, targets);
    if (weights == null) return tf.mean(nll) as tf.Scalar;
    if (weights.shape[0] !== nll.shape[0] || weights.shape[1] !== nll.shape[1]) {
      throw new Error(`expected loss weights of shape [${nll.shape}], got [${weights.shape}]`);
    }
    const w = tf.cast(weights, 'float32');
    return tf.div(tf.sum(tf.mul(nll, w)), tf.maximum(tf.sum(w), 1e-9)) as tf.Scalar;
  });
}
