import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { expectClose } from '../test-helpers/expectClose';
import { seededValues } from '../test-helpers/seededValues';
import { fastWasmMatMul, prefersFastPath } from './fastWasmMatMul';
import { matMulShapes } from './matMulShapes';
import { asWasmBackend, WasmKernelBackend } from './wasmBackendAccess';

const quiet = { log: null };


/** out[i] = a[i] · b[i] for plain row-major (batch, m, k) and (batch, k, n) arrays. */
function naiveBatchMatMul(a: Float32Array, b: Float32Array, batch: number, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += a[(i * m + r) * k + t] * b[(i * k + t) * n + c];
        out[(i * m + r) * n + c] = sum;
      }
    }
  }
  return out;
}

/** (batch, r, c) -> (batch, c, r) for a plain row-major array. */
function naiveTranspose(x: Float32Array, batch: number, r: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < batch; i++) {
    for (let p = 0; p < r; p++) for (let q = 0; q < c; q++) out[(i * c + q) * r + p] = x[(i * r + p) * c + q];
  }
  return out;
}

/** Runs fastWasmMatMul directly (whatever the size) and returns its values and shape. */
function runFast(
  backend: WasmKernelBackend,
  a: tf.Tensor,
  b: tf.Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { values: Float32Array; shape: number[] } {
  const shapes = matMulShapes(a.shape, b.shape, transposeA, transposeB);
  const original = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  const out = fastWasmMatMul(backend, a, b, transposeA, transposeB, shapes, original);
  const values = (backend.typedArrayFromHeap(out) as Float32Array).slice();
  backend.disposeData(out.dataId);
  return { values, shape: out.shape };
}

describe('fastWasmMatMul', () => {
  let backend: WasmKernelBackend;
  beforeAll(async () => {
    await initBackend('wasm', quiet);
    backend = asWasmBackend(tf.backend(), 'test');
  });

  // Tiny and size-1 shapes the registered kernel leaves to wasm's own kernel; here forced
  // through the fast path. Size-1 dims make the Transpose kernel return its input's buffer.
  const shapes: [number, number, number, number][] = [
    [1, 1, 7, 1],
    [1, 7, 1, 3],
    [3, 1, 7, 5],
    [2, 5, 7, 1],
    [4, 3, 5, 2],
    [2, 33, 65, 17],
  ];
  test.each(shapes)('batch %i: (%i×%i)·(k×%i) matches a naive product for all transposes', (batch, m, k, n) => {
    const aPlain = seededValues(batch * m * k, m * 31 + k);
    const bPlain = seededValues(batch * k * n, n * 17 + k);
    const expected = naiveBatchMatMul(aPlain, bPlain, batch, m, k, n);
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = transposeA
          ? tf.tensor(naiveTranspose(aPlain, batch, m, k), [batch, k, m])
          : tf.tensor(aPlain, [batch, m, k]);
        const b = transposeB
          ? tf.tensor(naiveTranspose(bPlain, batch, k, n), [batch, n, k])
          : tf.tensor(bPlain, [batch, k, n]);
        const ids = tf.backend().numDataIds();
        const y = runFast(backend, a, b, transposeA, transposeB);
        expect(tf.backend().numDataIds()).toBe(ids);
        expect(y.shape).toEqual([batch, m, n]);
        expectClose(y.values, expected);
        tf.dispose([a, b]);
      }
    }
  });

  test('a b used as weights under one shape and then transposed under another still multiplies correctly', () => {
    // XNNPACK caches its packed weights under b's tensor id, not its shape. b (60, 1) is
    // first the weights of a (300, 60)·(60, 1) product, then the transposed operand of
    // (300, 1)·(1, 60), where the transpose only moves a size-1 dim.
    const bValues = seededValues(60, 7);
    const b = tf.tensor(bValues, [60, 1]);
    const a1 = tf.tensor(seededValues(300 * 60, 8), [300, 60]);
    const a2Values = seededValues(300, 9);
    const a2 = tf.tensor(a2Values, [300, 1]);
    tf.matMul(a1, b).dispose();
    const y = tf.matMul(a2, b, false, true);
    expect(y.shape).toEqual([300, 60]);
    expectClose(y.dataSync(), naiveBatchMatMul(a2Values, bValues, 1, 300, 1, 60));
    tf.dispose([a1, a2, b, y]);
  });

  test('empty outputs and an empty inner dimension', () => {
    const empty = tf.tidy(() => runFast(backend, tf.zeros([2, 0, 3]), tf.zeros([2, 3, 4]), false, false));
    expect(empty).toEqual({ values: new Float32Array(0), shape: [2, 0, 4] });
    const zeros = tf.tidy(() => runFast(backend, tf.ones([2, 3, 0]), tf.ones([2, 0, 4]), false, false));
    expect(zeros.shape).toEqual([2, 3, 4]);
    expect(Array.from(zeros.values)).toEqual(new Array(24).fill(0));
  });

  test('prefersFastPath leaves single plain matrices and tiny products to wasm', () => {
    expect(prefersFastPath(matMulShapes([512, 512], [512, 512], false, false), false, false)).toBe(false);
    expect(prefersFastPath(matMulShapes([512, 512], [512, 512], true, false), true, false)).toBe(true);
    expect(prefersFastPath(matMulShapes([4, 64, 64], [4, 64, 64], false, false), false, false)).toBe(true);
    expect(prefersFastPath(matMulShapes([8, 8], [8, 8], false, true), false, true)).toBe(false);
    expect(prefersFastPath(matMulShapes([48, 8, 8], [48, 8, 8], false, false), false, false)).toBe(false);
  });
});
