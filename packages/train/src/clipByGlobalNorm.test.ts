import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { clipByGlobalNorm, globalNorm } from './clipByGlobalNorm';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

/** sqrt of the sum of squares of every value, in JS doubles. */
function naiveNorm(arrays: number[][]): number {
  return Math.sqrt(arrays.flat().reduce((s, x) => s + x * x, 0));
}

describe('clipByGlobalNorm', () => {
  const a = [3, -4, 1, 2];
  const b = [12, 0.5];

  it('computes the global norm over all tensors together', () => {
    const ts = [tf.tensor2d(a, [2, 2]), tf.tensor1d(b)];
    const norm = globalNorm(ts);
    expect(norm.dataSync()[0]).toBeCloseTo(naiveNorm([a, b]), 4);
    tf.dispose([...ts, norm]);
  });

  it('scales large gradients so their global norm is at most maxNorm, keeping their direction', () => {
    const ts = [tf.tensor2d(a, [2, 2]), tf.tensor1d(b)];
    const before = tf.memory().numTensors;
    const { clipped, norm } = clipByGlobalNorm(ts, 1.0);
    expect(tf.memory().numTensors).toBe(before + 3); // two clipped tensors and the norm
    const total = naiveNorm([a, b]);
    expect(norm.dataSync()[0]).toBeCloseTo(total, 4);
    const out = clipped.map((t) => Array.from(t.dataSync()));
    expect(naiveNorm(out)).toBeLessThanOrEqual(1.0 + 1e-6);
    expect(naiveNorm(out)).toBeGreaterThan(0.999);
    const scale = out[0][0] / a[0];
    [...a, ...b].forEach((x, i) => expect(out.flat()[i]).toBeCloseTo(x * scale, 6));
    tf.dispose([...ts, ...clipped, norm]);
  });

  it('leaves gradients below the threshold exactly unchanged', () => {
    const small = [0.01, -0.02, 0.03];
    const t = tf.tensor1d(small);
    const { clipped, norm } = clipByGlobalNorm([t], 1.0);
    expect(Array.from(clipped[0].dataSync())).toEqual(Array.from(new Float32Array(small)));
    expect(norm.dataSync()[0]).toBeCloseTo(naiveNorm([small]), 6);
    tf.dispose([t, ...clipped, norm]);
  });

  it('rejects a non-positive maxNorm', () => {
    expect(() => clipByGlobalNorm([], 0)).toThrow('expected maxNorm > 0, got 0');
  });
});
