import * as tf from '@tensorflow/tfjs';

/** Options of {@link contrastiveLoss}. */
export interface ContrastiveLossOptions {
  /**
   * τ: cosine similarities are divided by it before the softmax. Small values (SimCSE
   * uses 0.05) make the loss focus on the hardest negatives. Default 0.05.
   */
  temperature?: number;
  /** Average the a→b loss with the b→a loss (CLIP-style). Default false (SimCSE's one direction). */
  symmetric?: boolean;
}

/**
 * InfoNCE with in-batch negatives, as unsupervised SimCSE (Gao et al. 2021, eq. 1):
 * row i of `b` is the positive of row i of `a` (the same text through another dropout
 * mask or crop), and the other rows of `b` are its negatives:
 *
 *     ℓᵢ = −log( exp(cos(aᵢ, bᵢ)/τ) / Σⱼ exp(cos(aᵢ, bⱼ)/τ) ),   loss = mean over i
 *
 * Rows are scaled to unit length inside, so the inputs need not be normalised. Needs at
 * least two rows (one positive and one negative). The caller disposes the result.
 */
export function contrastiveLoss(a: tf.Tensor2D, b: tf.Tensor2D, options: ContrastiveLossOptions = {}): tf.Scalar {
  const temperature = options.temperature ?? 0.05;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`contrastiveLoss: expected a temperature > 0, got ${temperature}`);
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
    throw new Error(`contrastiveLoss: expected two (B, d) matrices of the same shape, got [${a.shape}] and [${b.shape}]`);
  }
  if (a.shape[0] < 2) throw new Error(`contrastiveLoss: expected at least 2 rows (in-batch negatives), got ${a.shape[0]}`);
  return tf.tidy(() => {
    const sim = tf.div(tf.matMul(unitRows(a), unitRows(b), false, true), temperature) as tf.Tensor2D; // (B, B)
    const forward = diagonalCrossEntropy(sim);
    if (!options.symmetric) return forward;
    return tf.div(tf.add(forward, diagonalCrossEntropy(tf.transpose(sim) as tf.Tensor2D)), 2) as tf.Scalar;
  });
}

/** Rows scaled to unit L2 norm; the ε keeps the gradient finite for an all-zero row. */
function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12))) as tf.Tensor2D;
}

/** Mean over rows of −log softmax(row)[i] for row i: cross-entropy whose targets are the diagonal. */
function diagonalCrossEntropy(logits: tf.Tensor2D): tf.Scalar {
  const n = logits.shape[0];
  const logProbs = tf.logSoftmax(logits); // (B, B)
  return tf.neg(tf.div(tf.sum(tf.mul(logProbs, tf.eye(n))), n)) as tf.Scalar;
}
