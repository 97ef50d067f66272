import * as tf from '@tensorflow/tfjs';

/**
 * Mean token-level cross-entropy of logits (N, V) against target ids (N,), over the rows
 * whose weight is non-zero (a 0/1 padding mask; null: every row counts):
 * Σ wᵢ·H(qᵢ, softmax(logitsᵢ)) / Σ wᵢ.
 *
 * With label smoothing ε the target distribution qᵢ is (1 − ε)·one-hot(targetᵢ) + ε/V
 * (Szegedy et al. 2016, as Vaswani et al. §5.4); ε = 0 gives the usual negative
 * log-likelihood. A batch whose weights are all 0 has loss 0, not NaN.
 *
 * **Why a custom gradient.** The (N, V) logits are the largest tensor of a translation
 * model's step, and every pass over them costs. Per row, H(q, softmax(z)) =
 * logsumexp(z) − (1 − ε)·z[target] − (ε/V)·Σⱼ zⱼ, so the forward pass needs one exp and
 * three reductions (the target logit is a gather, not a one-hot product), and the
 * gradient, gᵢ·(softmax(zᵢ) − qᵢ) with gᵢ = wᵢ / Σw, reuses the exponentials of the
 * forward pass: one broadcast multiply and one subtraction of q, which is written on the
 * host. Autodiff of log-softmax, one-hot product and sum makes about three times as many
 * passes over (N, V) and a second exp.
 */
export function labelSmoothedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D | null, labelSmoothing = 0): tf.Scalar {
  const [N, V] = logits.shape;
  if (targets.shape[0] !== N) throw new Error(`labelSmoothedCrossEntropy: expected ${N} targets for logits of shape [${N}, ${V}], got ${targets.shape[0]}`);
  if (weights !== null && weights.shape[0] !== N) throw new Error(`labelSmoothedCrossEntropy: expected ${N} weights for logits of shape [${N}, ${V}], got ${weights.shape[0]}`);
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new Error(`labelSmoothedCrossEntropy: expected labelSmoothing in [0, 1), got ${labelSmoothing}`);
  const eps = labelSmoothing;
  const on = 1 - eps + eps / V; // q on the target
  const off = eps / V; // q elsewhere
  return tf.tidy(() => {
    const ids = tf.cast(targets, 'int32');
    // gᵢ: each row's share of the mean (uniform 1/N without weights).
    const w = weights === null ? null : tf.cast(weights, 'float32');
    const rowWeights = w === null ? null : tf.div(w, tf.maximum(tf.sum(w), 1e-9)); // (N,)
    const crossEntropy = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const z2 = args[0] as tf.Tensor2D;
      const save = args[1] as tf.GradSaveFunc;
      const max = tf.max(z2, 1, true); // (N, 1)
      const exps = tf.exp(tf.sub(z2, max)); // (N, V), kept for the gradient
      const sums = tf.sum(exps, 1, true); // (N, 1)
      const logSumExp = tf.reshape(tf.add(tf.log(sums), max), [N]); // (N,)
      const flatIndex = tf.add(tf.mul(tf.range(0, N, 1, 'int32'), tf.scalar(V, 'int32')), ids); // row·V + target
      let picked = tf.mul(tf.gather(tf.reshape(z2, [N * V]), flatIndex), 1 - eps); // (1 − ε)·z[target]
      if (eps > 0) picked = tf.add(picked, tf.mul(tf.sum(z2, 1), eps / V));
      const rowLoss = tf.sub(logSumExp, picked); // (N,)
      const value = rowWeights === null ? tf.mean(rowLoss) : tf.sum(tf.mul(rowLoss, rowWeights));
      // Tensors the gradient reads must be saved: the tidy around this function frees the rest before the backward pass.
      save(rowWeights === null ? [exps, sums, ids] : [exps, sums, ids, rowWeights]);
      return {
        value: value as tf.Scalar,
        gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
          const [e, s, savedIds, savedWeights] = saved;
          // d/dz = dy·gᵢ·(softmax(zᵢ) − qᵢ), with dy the upstream (scalar) gradient.
          const upstream = dy.dataSync()[0];
          const rows = savedWeights === undefined ? null : tf.reshape(savedWeights, [N, 1]); // gᵢ as (N, 1)
          const probabilities = tf.mul(e, rows === null ? tf.div(upstream / N, s) : tf.div(tf.mul(rows, upstream), s)); // dy·g·softmax, (N, V)
          // q is filled on the host (one write per row past the fill), already scaled by dy/N
          // when rows weigh the same: cheaper than a one-hot, a cast and two scalar ops on
          // the device (wasm's OneHot also ignores on/off values for float outputs).
          const scale = rows === null ? upstream / N : 1;
          const q = new Float32Array(N * V).fill(off * scale);
          const target = savedIds.dataSync();
          for (let i = 0; i < N; i++) q[i * V + target[i]] = on * scale;
          const qTensor = tf.tensor2d(q, [N, V]);
          return [tf.sub(probabilities, rows === null ? qTensor : tf.mul(qTensor, tf.mul(rows, upstream)))];
        },
      };
    });
    return crossEntropy(logits) as tf.Scalar;
  });
}
