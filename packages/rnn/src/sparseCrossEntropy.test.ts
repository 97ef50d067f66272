import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { sparseCrossEntropy } from './sparseCrossEntropy';

describe('sparseCrossEntropy', () => {
  beforeAll(() => initBackend('cpu', { log: null }));

  /** −log softmax(row)[target], computed in plain JavaScript. */
  const naive = (row: number[], target: number) => {
    const max = Math.max(...row);
    const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max;
    return logSum - row[target];
  };
  const rows = [
    [1, 2, 3],
    [0.5, -1, 0],
    [10, -10, 0],
  ];
  const targets = [2, 0, 1];

  it('is the mean of −log softmax at the targets', () => {
    const loss = tf.tidy(() => sparseCrossEntropy(tf.tensor2d(rows), tf.tensor1d(targets, 'int32')).dataSync()[0]);
    const expected = rows.reduce((s, r, i) => s + naive(r, targets[i]), 0) / rows.length;
    expect(loss).toBeCloseTo(expected, 4);
  });

  it('weights rows (a padding mask leaves padded rows out), and is 0 when every weight is 0', () => {
    const weighted = tf.tidy(() => sparseCrossEntropy(tf.tensor2d(rows), tf.tensor1d(targets, 'int32'), tf.tensor1d([1, 0, 1])).dataSync()[0]);
    expect(weighted).toBeCloseTo((naive(rows[0], 2) + naive(rows[2], 1)) / 2, 4);
    const none = tf.tidy(() => sparseCrossEntropy(tf.tensor2d(rows), tf.tensor1d(targets, 'int32'), tf.tensor1d([0, 0, 0])).dataSync()[0]);
    expect(Math.abs(none)).toBe(0);
  });

  it('has the gradient softmax − one-hot (divided by the row count)', () => {
    const logits = tf.tensor2d(rows);
    const grad = tf.grad((l: tf.Tensor) => sparseCrossEntropy(l as tf.Tensor2D, tf.tensor1d(targets, 'int32')))(logits);
    const expected = tf.tidy(() => tf.div(tf.sub(tf.softmax(logits), tf.oneHot(targets, 3)), 3));
    expect(tf.max(tf.abs(tf.sub(grad, expected))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([logits, grad, expected]);
  });

  it('names mismatched sizes', () => {
    tf.tidy(() => {
      expect(() => sparseCrossEntropy(tf.zeros([3, 4]) as tf.Tensor2D, tf.tensor1d([1, 2], 'int32'))).toThrow('sparseCrossEntropy: expected 3 targets for 3 rows of logits, got 2');
    });
  });
});
