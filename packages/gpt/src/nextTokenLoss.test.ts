import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { nextTokenLoss, tokenNegativeLogLikelihoods } from './nextTokenLoss';

beforeAll(() => initBackend('cpu', { log: null }));

/** −log softmax(row)[target], in float64 on the host. */
function naiveNll(row: number[], target: number): number {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0)) + max;
  return logSum - row[target];
}

const logits = () => tf.randomNormal([2, 3, 5], 0, 2, 'float32', 7) as tf.Tensor3D;
const targets = () => tf.tensor2d([[0, 4, 2], [1, 1, 3]], [2, 3], 'int32');

test('per-position NLL matches −log softmax(logits)[target]', () => {
  const l = logits();
  const nll = tokenNegativeLogLikelihoods(l, targets()).arraySync();
  const rows = l.arraySync();
  const t = targets().arraySync();
  for (let b = 0; b < 2; b++) for (let i = 0; i < 3; i++) expect(nll[b][i]).toBeCloseTo(naiveNll(rows[b][i], t[b][i]), 5);
});

test('the loss is the mean NLL, or the weighted mean Σ w·nll / Σ w', () => {
  const l = logits();
  const nll = tokenNegativeLogLikelihoods(l, targets()).arraySync().flat();
  expect(nextTokenLoss(l, targets()).dataSync()[0]).toBeCloseTo(nll.reduce((a, b) => a + b) / 6, 5);
  const w = [0, 1, 1, 0, 0, 1];
  const weighted = nextTokenLoss(l, targets(), tf.tensor2d(w, [2, 3])).dataSync()[0];
  expect(weighted).toBeCloseTo((nll[1] + nll[2] + nll[5]) / 3, 5);
  expect(nextTokenLoss(l, targets(), tf.zeros([2, 3]) as tf.Tensor2D).dataSync()[0]).toBe(0);
});

test('is finite and exact for huge logits (computed from logits, not from probabilities)', () => {
  const huge = tf.tensor3d([[[1e4, 0, -1e4]]]);
  const loss = nextTokenLoss(huge, tf.tensor2d([[1]], [1, 1], 'int32')).dataSync()[0];
  expect(loss).toBeCloseTo(1e4, 0);
  expect(nextTokenLoss(huge, tf.tensor2d([[0]], [1, 1], 'int32')).dataSync()[0]).toBeCloseTo(0, 5);
});

test('its gradient is (softmax − one-hot) / N', () => {
  const l = logits();
  const grad = tf.grad((x: tf.Tensor) => nextTokenLoss(x as tf.Tensor3D, targets()))(l);
  const expected = tf.div(tf.sub(tf.softmax(l), tf.oneHot(targets(), 5)), 6);
  expect(tf.max(tf.abs(tf.sub(grad, expected))).dataSync()[0]).toBeLessThan(1e-6);
});

test('mismatched shapes are named', () => {
  expect(() => nextTokenLoss(logits(), tf.zeros([2, 4], 'int32') as tf.Tensor2D)).toThrow('expected targets of shape [2, 3] to match logits [2, 3, 5], got [2,4]');
  expect(() => nextTokenLoss(logits(), targets(), tf.ones([3, 2]) as tf.Tensor2D)).toThrow('expected loss weights of shape [2,3], got [3,2]');
});
