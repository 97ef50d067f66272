import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { rowCopyBinary, rowCopyFor } from './rowCopyModule';
import { webAssembly } from './webAssemblyApi';

const quiet = { log: null };

type DType = 'float32' | 'int32' | 'bool';

function tensorOf(shape: number[], dtype: DType, seed: number): tf.Tensor {
  const values = seededValues(tf.util.sizeFromShape(shape), seed);
  if (dtype === 'float32') return tf.tensor(values, shape);
  if (dtype === 'int32') return tf.tensor(Array.from(values, (v) => Math.round(v * 1e6)), shape, 'int32');
  return tf.tensor(Array.from(values, (v) => v > 0), shape, 'bool');
}

interface SplitCase { shape: number[]; sizes: number[] | number; axis: number; dtype: DType }
const SPLITS: SplitCase[] = [
  { shape: [768, 384], sizes: [128, 128, 128], axis: 1, dtype: 'float32' }, // a fused QKV projection
  { shape: [12, 64, 384], sizes: 3, axis: -1, dtype: 'float32' },
  { shape: [5, 7, 3], sizes: [2, -1, 1], axis: 1, dtype: 'float32' },
  { shape: [9, 4], sizes: [4, 0, 5], axis: 0, dtype: 'int32' },
  { shape: [3, 6, 2], sizes: [1, 5], axis: 1, dtype: 'bool' },
  { shape: [11], sizes: [3, 8], axis: 0, dtype: 'float32' },
  { shape: [2, 0, 4], sizes: [2, 2], axis: 2, dtype: 'float32' }, // empty
];

interface ConcatCase { shapes: number[][]; axis: number; dtype: DType }
const CONCATS: ConcatCase[] = [
  { shapes: [[768, 128], [768, 128], [768, 128]], axis: 1, dtype: 'float32' },
  { shapes: [[2, 3, 5], [2, 1, 5], [2, 4, 5]], axis: 1, dtype: 'float32' },
  { shapes: [[3, 2], [1, 2]], axis: 0, dtype: 'int32' },
  { shapes: [[2, 3, 1], [2, 3, 2]], axis: -1, dtype: 'bool' },
  { shapes: [[4, 3], [4, 0], [4, 2]], axis: 1, dtype: 'float32' },
  { shapes: [[7]], axis: 0, dtype: 'float32' },
];

function runSplits(): Array<{ values: number[][]; shapes: number[][] }> {
  return SPLITS.map((c, i) => tf.tidy(() => {
    const parts = tf.split(tensorOf(c.shape, c.dtype, i + 1), c.sizes, c.axis);
    return { values: parts.map((p) => Array.from(p.dataSync(), Number)), shapes: parts.map((p) => p.shape) };
  }));
}

function runConcats(): Array<{ values: number[]; shape: number[] }> {
  return CONCATS.map((c, i) => tf.tidy(() => {
    const y = tf.concat(c.shapes.map((s, j) => tensorOf(s, c.dtype, 10 * i + j)), c.axis);
    return { values: Array.from(y.dataSync(), Number), shape: y.shape };
  }));
}

/** The gradient of a split is a concat: d/dx Σ_i w_i·split(x)_i. */
function splitGradient(): number[] {
  return tf.tidy(() => {
    const x = tensorOf([6, 10], 'float32', 50);
    const weights = [3, 5, 2].map((n, i) => tensorOf([6, n], 'float32', 60 + i));
    const dx = tf.grad((xx: tf.Tensor) => tf.addN(tf.split(xx, [3, 5, 2], 1).map((p, i) => tf.sum(tf.mul(p, weights[i])))))(x);
    return Array.from(dx.dataSync());
  });
}

describe('SplitV and Concat on wasm (row copies)', () => {
  let expected: { splits: ReturnType<typeof runSplits>; concats: ReturnType<typeof runConcats>; grad: number[] };

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    expected = { splits: runSplits(), concats: runConcats(), grad: splitGradient() };
    await initBackend('wasm', quiet);
  });

  test('the registered kernels are tfzoo’s', () => {
    // The originals copy in JavaScript; tfzoo's call into the row-copy module.
    expect(tf.getKernel('SplitV', 'wasm')!.kernelFunc.toString()).toMatch(/copyRows/);
    expect(tf.getKernel('Concat', 'wasm')!.kernelFunc.toString()).toMatch(/copyRows/);
  });

  test('split equals the cpu backend’s, for every axis, size list and dtype', () => {
    const before = tf.memory().numTensors;
    const actual = runSplits();
    actual.forEach((a, i) => {
      expect(a.shapes).toEqual(expected.splits[i].shapes);
      expect(a.values).toEqual(expected.splits[i].values);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('concat equals the cpu backend’s', () => {
    const actual = runConcats();
    actual.forEach((a, i) => expect(a).toEqual(expected.concats[i]));
  });

  test('the gradient of a split (a concat) equals the cpu backend’s', () => {
    expect(splitGradient()).toEqual(expected.grad);
  });

  test('bad split sizes keep tfjs’s error', () => {
    const x = tf.zeros([4, 6]);
    expect(() => tf.split(x, [2, 2], 1)).toThrow();
    x.dispose();
  });
});

describe('rowCopyModule', () => {
  test.each([false, true])('copies strided rows (shared memory: %s)', (shared) => {
    expect(webAssembly!.validate(rowCopyBinary(shared))).toBe(true);
    const memory = shared ? new webAssembly!.Memory({ initial: 1, maximum: 10, shared: true }) : new webAssembly!.Memory({ initial: 1 });
    const bytes = new Uint8Array(memory.buffer);
    for (let i = 0; i < 200; i++) bytes[i] = i;
    bytes.fill(255, 1000, 1100);
    // 3 rows of 5 bytes, every 7th byte from 10, to every 6th byte from 1000.
    rowCopyFor(memory)!.copyRows(10, 7, 1000, 6, 5, 3);
    const expected = new Uint8Array(100).fill(255);
    for (let r = 0; r < 3; r++) for (let b = 0; b < 5; b++) expected[r * 6 + b] = 10 + r * 7 + b;
    expect(Array.from(bytes.subarray(1000, 1100))).toEqual(Array.from(expected));
    rowCopyFor(memory)!.copyRows(0, 1, 1000, 1, 4, 0); // no rows: nothing written
    expect(bytes[1000]).toBe(10);
  });
});
