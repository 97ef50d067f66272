import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { labelSmoothedCrossEntropy } from './labelSmoothedCrossEntropy';

/** Textbook cross-entropy against (1 − ε)·one-hot + ε/V, one row at a time, on the host. */
function naive(logits: number[][], targets: number[], weights: number[], eps: number): number {
  let total = 0;
  let count = 0;
  logits.forEach((row, i) => {
    const max = Math.max(...row);
    const logZ = max + Math.log(row.reduce((s, z) => s + Math.exp(z - max), 0));
    const V = row.length;
    let h = 0;
    row.forEach((z, j) => (h -= ((j === targets[i] ? 1 - eps : 0) + eps / V) * (z - logZ)));
    total += weights[i] * h;
    count += weights[i];
  });
  return count === 0 ? 0 : total / count;
}

/** The same loss by tfjs autodiff (log-softmax and a float one-hot built on the host): the gradient reference. */
function autodiffLoss(z: tf.Tensor2D, targets: number[], weights: number[], eps: number): tf.Scalar {
  const [, V] = z.shape;
  const q = tf.tensor2d(targets.map((t) => Array.from({ length: V }, (_, j) => (j === t ? 1 - eps : 0) + eps / V)));
  const rows = tf.neg(tf.sum(tf.mul(tf.logSoftmax(z), q), 1));
  const w = tf.tensor1d(weights);
  return tf.div(tf.sum(tf.mul(rows, w)), tf.maximum(tf.sum(w), 1e-9)) as tf.Scalar;
}

describe.each(['cpu', 'wasm'] as const)('labelSmoothedCrossEntropy on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));
  const logits = [
    [2, -1, 0.5, 3, 0],
    [0, 0, 0, 0, 0],
    [-4, 1, 2, 0.1, 7],
  ];
  const targets = [3, 1, 0];

  it.each([0, 0.1, 0.3])('equals the textbook loss, and its gradient the autodiff one (ε = %p)', (eps) => {
    for (const weights of [[1, 0, 1], [1, 1, 1], null]) {
      const w = weights ?? [1, 1, 1];
      const [loss, grad] = tf.tidy(() => {
        const z = tf.tensor2d(logits);
        const f = (x: tf.Tensor) => labelSmoothedCrossEntropy(x as tf.Tensor2D, tf.tensor1d(targets, 'int32'), weights && tf.tensor1d(weights), eps);
        return [f(z).dataSync()[0], tf.grad(f)(z).arraySync() as number[][]];
      });
      expect(loss).toBeCloseTo(naive(logits, targets, w, eps), 5);
      const reference = tf.tidy(() => tf.grad((x: tf.Tensor) => autodiffLoss(x as tf.Tensor2D, targets, w, eps))(tf.tensor2d(logits)).arraySync() as number[][]);
      grad.forEach((row, i) => row.forEach((g, j) => expect(g).toBeCloseTo(reference[i][j], 5)));
    }
  });

  it('scales its gradient by the upstream gradient, and is 0 (not NaN) when every weight is 0', () => {
    const [scaled, plain] = tf.tidy(() => {
      const f = (x: tf.Tensor) => labelSmoothedCrossEntropy(x as tf.Tensor2D, tf.tensor1d(targets, 'int32'), null, 0.1);
      return [tf.grad((x: tf.Tensor) => tf.mul(f(x), 3))(tf.tensor2d(logits)).dataSync(), tf.grad(f)(tf.tensor2d(logits)).dataSync()];
    });
    scaled.forEach((g, i) => expect(g).toBeCloseTo(3 * plain[i], 5));
    const zero = tf.tidy(() => labelSmoothedCrossEntropy(tf.tensor2d(logits), tf.tensor1d(targets, 'int32'), tf.tensor1d([0, 0, 0]), 0.1).dataSync()[0]);
    expect(zero).toBe(0);
  });

  it('names the mismatch in its errors', () => {
    expect(() => labelSmoothedCrossEntropy(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([3], 'int32') as tf.Tensor1D, null)).toThrow('expected 2 targets for logits of shape [2, 3], got 3');
    expect(() => labelSmoothedCrossEntropy(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([2], 'int32') as tf.Tensor1D, tf.ones([3]) as tf.Tensor1D)).toThrow('expected 2 weights for logits of shape [2, 3], got 3');
    expect(() => labelSmoothedCrossEntropy(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([2], 'int32') as tf.Tensor1D, null, 1)).toThrow('labelSmoothing in [0, 1), got 1');
  });
});
