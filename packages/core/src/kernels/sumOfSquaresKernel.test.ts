import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { SUM_OF_SQUARES_KERNEL } from './sumOfSquaresKernel';

const quiet = { log: null };

/** Σ x² one element at a time, in JS doubles. */
function naive(arrays: Float32Array[]): number {
  let s = 0;
  for (const xs of arrays) for (const x of xs) s += x * x;
  return s;
}

function run(arrays: Float32Array[], shapes: number[][], sqrt?: boolean): number {
  return tf.tidy(() => {
    const inputs = Object.fromEntries(arrays.map((a, i) => [String(i), tf.tensor(a, shapes[i])]));
    const out = tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, inputs, sqrt === undefined ? {} : { sqrt }) as tf.Tensor;
    expect(out.shape).toEqual([]);
    expect(out.dtype).toBe('float32');
    return out.dataSync()[0];
  });
}

describe('wasm sum-of-squares kernel', () => {
  beforeAll(async () => {
    await initBackend('wasm', quiet);
  });

  test('equals a naive double-precision sum over tensors of mixed shapes and sizes', () => {
    const shapes = [[1], [7], [5, 3], [33, 17], [2, 3, 5], [0, 4]];
    // Magnitudes from 1e-3 to 1e3, so a float32 running sum would visibly lose the small ones.
    const arrays = shapes.map((s, i) => seededValues(tf.util.sizeFromShape(s), i + 1).map((x) => x * 10 ** (i - 3)));
    const before = tf.memory().numTensors;
    const expected = naive(arrays);
    expect(run(arrays, shapes)).toBe(Math.fround(expected));
    expect(run(arrays, shapes, true)).toBe(Math.fround(Math.sqrt(expected)));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('one input, and the empty list', () => {
    expect(run([new Float32Array([3, -4])], [[2]], true)).toBe(5);
    expect(run([], [])).toBe(0);
  });

  test('rejects non-float32 inputs and a non-boolean sqrt attr', () => {
    tf.tidy(() => {
      expect(() => tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { 0: tf.ones([2]), 1: tf.ones([2], 'int32') }, {})).toThrow(
        'TfzooSumOfSquares: expected input 1 to be float32, got int32',
      );
      expect(() => tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { 0: tf.ones([2]) }, { sqrt: 1 })).toThrow(
        "TfzooSumOfSquares: expected attr 'sqrt' to be a boolean, got 1",
      );
    });
  });
});
