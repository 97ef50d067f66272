import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';

const quiet = { log: null };

interface Case {
  label: string;
  shape: number[];
  axis: number | number[];
  keepDims: boolean;
}

const CASES: Case[] = [
  { label: 'bias gradient (rows, n), axis 0', shape: [96, 40], axis: 0, keepDims: false },
  { label: 'rank 3, axes [0, 1]', shape: [3, 32, 24], axis: [0, 1], keepDims: false },
  { label: 'rank 3, axes [1, 0] with keepDims', shape: [3, 32, 24], axis: [1, 0], keepDims: true },
  { label: 'negative axis -3', shape: [5, 4, 6], axis: -3, keepDims: false },
  { label: 'trailing axis (original kernel)', shape: [12, 9], axis: 1, keepDims: false },
  { label: 'middle axis (original kernel)', shape: [4, 5, 6], axis: 1, keepDims: true },
  { label: 'all axes (original kernel)', shape: [7, 8], axis: [0, 1], keepDims: false },
  { label: 'no rows', shape: [0, 5], axis: 0, keepDims: false },
  // Every strip of the SIMD column sum (16 columns, 2, 1) and long columns.
  ...[1, 2000].flatMap((rows) => [1, 3, 5, 33].map((cols) => ({ label: `(${rows}, ${cols}), axis 0`, shape: [rows, cols], axis: 0, keepDims: false }))),
  { label: 'step shape (768, 512), axis 0', shape: [768, 512], axis: 0, keepDims: false },
];

function sum(c: Case, seed: number): { values: number[]; shape: number[] } {
  return tf.tidy(() => {
    const y = tf.sum(tf.tensor(seededValues(tf.util.sizeFromShape(c.shape), seed), c.shape), c.axis, c.keepDims);
    return { values: Array.from(y.dataSync()), shape: y.shape };
  });
}

describe('wasm Sum over leading axes', () => {
  const expected: { values: number[]; shape: number[] }[] = [];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    CASES.forEach((c, i) => expected.push(sum(c, i + 1)));
    await initBackend('wasm', quiet);
  });

  test.each(CASES.map((c, i) => [c.label, i] as const))('matches cpu: %s', (_label, i) => {
    const before = tf.memory().numTensors;
    const y = sum(CASES[i], i + 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(y.shape).toEqual(expected[i].shape);
    // Both sum in double: only float32 rounding of the result (and cpu's own order) differs.
    y.values.forEach((v, j) => expect(Math.abs(v - expected[i].values[j])).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(expected[i].values[j]))));
  });

  test('int32 sums go to the original kernel and stay exact', () => {
    const y = tf.tidy(() => Array.from(tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0).dataSync()));
    expect(y).toEqual([9, 12]);
  });
});
