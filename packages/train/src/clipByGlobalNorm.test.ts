import * as tf from '@tensorflow/tfjs';
import { SUM_OF_SQUARES_KERNEL, initBackend, registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '@tfzoo/core';
import { clipByGlobalNorm, clipFactor, globalNorm } from './clipByGlobalNorm';

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
    expect(() => clipFactor([], -1)).toThrow('clipFactor: expected maxNorm > 0, got -1');
  });
});

describe('clipFactor', () => {
  it('is min(1, maxNorm / (norm + 1e-6)) with the norm, as scalars, and exactly 1 below the threshold', () => {
    const ts = [tf.tensor2d([3, -4, 1, 2], [2, 2]), tf.tensor1d([12, 0.5])];
    const before = tf.memory().numTensors;
    const { factor, norm } = clipFactor(ts, 2);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(factor.shape).toEqual([]);
    const total = naiveNorm([[3, -4, 1, 2], [12, 0.5]]);
    expect(norm.dataSync()[0]).toBeCloseTo(total, 4);
    expect(factor.dataSync()[0]).toBeCloseTo(2 / (total + 1e-6), 6);
    const loose = clipFactor(ts, 100);
    expect(loose.factor.dataSync()[0]).toBe(1);
    tf.dispose([...ts, factor, norm, loose.factor, loose.norm]);
  });
});

describe('globalNorm and clipping on wasm', () => {
  const shapes = [[1], [7], [33, 17], [2, 3, 5]];
  // Magnitudes 1e-3 … 1: a float32 running sum would lose the small ones.
  const arrays = shapes.map((shape, i) =>
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, j) => Math.fround(Math.sin(7 * j + i) * 10 ** (i - 3))),
  );

  beforeAll(async () => {
    await initBackend('wasm', { log: null });
  });
  afterAll(() => registerWasmTrainingKernels());

  it('is one fused kernel equal to a naive double-precision norm', async () => {
    const ts = arrays.map((a, i) => tf.tensor(a, shapes[i]));
    let norm: tf.Scalar | undefined;
    const info = await tf.profile(() => (norm = globalNorm(ts)));
    expect(info.kernelNames).toEqual([SUM_OF_SQUARES_KERNEL]);
    expect(norm!.dataSync()[0]).toBe(Math.fround(naiveNorm(arrays)));
    tf.dispose([...ts, norm!]);
  });

  it('clips as the composed ops do (kernels unregistered), without leaking', () => {
    const clip = () => {
      const ts = arrays.map((a, i) => tf.tensor(a, shapes[i]));
      const before = tf.memory().numTensors;
      const { clipped, norm } = clipByGlobalNorm(ts, 0.1);
      expect(tf.memory().numTensors).toBe(before + ts.length + 1);
      const out = { values: clipped.map((t) => Array.from(t.dataSync())), norm: norm.dataSync()[0] };
      tf.dispose([...ts, ...clipped, norm]);
      return out;
    };
    const fused = clip();
    unregisterWasmTrainingKernels();
    const composed = clip();
    registerWasmTrainingKernels();
    expect(Math.abs(fused.norm - composed.norm) / composed.norm).toBeLessThan(1e-6);
    expect(naiveNorm(fused.values)).toBeCloseTo(0.1, 5);
    fused.values.flat().forEach((x, i) => expect(Math.abs(x - composed.values.flat()[i])).toBeLessThanOrEqual(1e-6 * Math.abs(x) + 1e-12));
  });
});
