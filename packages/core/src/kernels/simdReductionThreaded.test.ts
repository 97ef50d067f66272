import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { ADAMW_KERNEL, adamWUpdateInto } from './adamWKernel';
import { columnSumsInto } from './fastSumKernel';
import { simdElementwiseKernel } from './simdElementwiseModule';
import { asWasmBackend } from './wasmBackendAccess';

/** The threaded wasm build's heap is a shared memory: Sum, AdamW and GatherV2 must run on it. */
describe('Sum, AdamW and GatherV2 on the threaded wasm build', () => {
  beforeAll(async () => {
    const choice = await initBackend('wasm', { log: null, threads: 2 });
    expect(choice.runtime.threads).toBe(2);
  });

  test('run on the shared heap (SIMD) and equal their JS fallbacks', () => {
    const numTensors = tf.memory().numTensors;
    const [rows, cols] = [300, 37];
    const values = seededValues(rows * cols, 1);
    const n = 101;
    const [w, g, m, v] = [1, 2, 3, 4].map((s) => seededValues(n, s).map((e) => (s === 4 ? e * e : e)));
    const attrs = { learningRate: 1e-3, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, correction1: 0.1, correction2: 0.01, decayFactor: 0.9999 };
    const got = tf.tidy(() => {
      const x = tf.tensor2d(values, [rows, cols]);
      const backend = asWasmBackend(tf.backend(), 'test');
      expect((backend.typedArrayFromHeap(x).buffer as object) instanceof SharedArrayBuffer).toBe(true);
      expect(simdElementwiseKernel(backend, x)).not.toBeNull();
      const inputs = { w: tf.tensor1d(w), g: tf.tensor1d(g), m: tf.tensor1d(m), v: tf.tensor1d(v), gradScale: tf.scalar(1) };
      const adam = tf.engine().runKernel(ADAMW_KERNEL, inputs, attrs) as tf.Tensor[];
      return {
        sums: Array.from(tf.sum(x, 0).dataSync()),
        adam: adam.map((t) => Array.from(t.dataSync())),
        rows: Array.from(tf.gather(x, tf.tensor1d([299, 0, 7], 'int32')).dataSync()),
      };
    });
    expect(tf.memory().numTensors).toBe(numTensors);

    const expectedSums = new Float32Array(cols);
    columnSumsInto(values, rows, cols, expectedSums);
    expect(got.sums).toEqual(Array.from(expectedSums));
    const expected = { w: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
    adamWUpdateInto(w, g, m, v, 1, attrs, expected);
    expect(got.adam).toEqual([expected.w, expected.m, expected.v].map((a) => Array.from(a)));
    expect(got.rows).toEqual([...values.slice(299 * cols, 300 * cols), ...values.slice(0, cols), ...values.slice(7 * cols, 8 * cols)].map((e) => e));
  });
});
