import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { expectClose } from '../test-helpers/expectClose';
import { matMulCases, MatMulCase } from '../test-helpers/matMulCases';
import { seededValues } from '../test-helpers/seededValues';
import { prefersSimdSingleMatMul, SIMD_SINGLE_THREAD_MAX_MULTIPLY_ADDS } from './fastBatchMatMulKernel';
import { FAST_PATH_MIN_MULTIPLY_ADDS } from './fastWasmMatMul';
import { matMulShapes } from './matMulShapes';

const quiet = { log: null };


/** (a shape, b shape) without transposes; every case runs with all four transpose combinations. */
const CASES: [string, number[], number[]][] = [
  ['tiny 1x7 (wasm own kernel)', [1, 7], [7, 3]],
  ['rank 2, odd 33x65 . 65x17', [33, 65], [65, 17]],
  ['one row, 1x700 . 700x40', [1, 700], [700, 40]],
  ['one column, 300x60 . 60x1', [300, 60], [60, 1]],
  ['rank 3 batch 1', [1, 33, 65], [1, 65, 17]],
  ['rank 3 batch 4', [4, 33, 65], [4, 65, 17]],
  ['rank 3 . rank 2 (b broadcast)', [3, 33, 65], [65, 17]],
  ['rank 3 . batch-1 rank 3 (b broadcast)', [3, 33, 65], [1, 65, 17]],
  ['batch-1 rank 3 . rank 3 (a broadcast)', [1, 33, 65], [4, 65, 17]],
  ['rank 2 . rank 3 (a broadcast)', [33, 65], [3, 65, 17]],
  ['rank 4 batch (2, 3)', [2, 3, 20, 40], [2, 3, 40, 30]],
  ['attention-like batch 6', [6, 32, 16], [6, 16, 32]],
  ['tiny batched', [5, 2, 7], [5, 7, 3]],
];
type Case = MatMulCase;

const allCases = (): Case[] => matMulCases(CASES);

function product(c: Case): tf.Tensor {
  return tf.tidy(() => tf.matMul(tf.tensor(c.a, c.aShape), tf.tensor(c.b, c.bShape), c.transposeA, c.transposeB));
}

describe('wasm BatchMatMul (tfzoo fast path)', () => {
  const cases = allCases();

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    for (const c of cases) {
      const y = product(c);
      c.expected = y.dataSync() as Float32Array;
      c.expectedShape = y.shape;
      y.dispose();
    }
    await initBackend('wasm', quiet);
  });

  test('the cases cover both the fast path and the wasm kernel', () => {
    const sizes = CASES.map(([, a, b]) => a[a.length - 2] * a[a.length - 1] * b[b.length - 1]);
    expect(sizes.some((s) => s < FAST_PATH_MIN_MULTIPLY_ADDS)).toBe(true);
    expect(sizes.some((s) => s >= FAST_PATH_MIN_MULTIPLY_ADDS)).toBe(true);
  });

  test.each(cases.map((c) => [c.label, c] as const))(
    'matches cpu: %s',
    (_label, c) => {
      const y = product(c);
      expect(y.shape).toEqual(c.expectedShape);
      expectClose(y.dataSync(), c.expected!);
      y.dispose();
    },
  );

  test('multi-dim broadcasting (2, 1) x (1, 3) matches a naive product (cpu cannot run it)', () => {
    const [m, k, n] = [20, 40, 30];
    const a = seededValues(2 * m * k, 101);
    const b = seededValues(3 * k * n, 102);
    const y = tf.tidy(() => tf.matMul(tf.tensor(a, [2, 1, m, k]), tf.tensor(b, [1, 3, k, n])));
    expect(y.shape).toEqual([2, 3, m, n]);
    const expected = new Float32Array(6 * m * n);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        for (let r = 0; r < m; r++) {
          for (let c = 0; c < n; c++) {
            let sum = 0;
            for (let t = 0; t < k; t++) sum += a[i * m * k + r * k + t] * b[j * k * n + t * n + c];
            expected[((i * 3 + j) * m + r) * n + c] = sum;
          }
        }
      }
    }
    expectClose(y.dataSync(), expected);
    y.dispose();
  });

  test('leaves no tensors or heap buffers behind, and the wasm heap stops growing', () => {
    const backend = tf.backend();
    const heap = () => (backend as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const inputs = cases.map((c) => [tf.tensor(c.a, c.aShape), tf.tensor(c.b, c.bShape)] as const);
    const runAll = () => {
      cases.forEach((c, i) => tf.matMul(inputs[i][0], inputs[i][1], c.transposeA, c.transposeB).dispose());
    };
    runAll(); // warm-up: the heap may grow once to its working size
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    const heapBytes = heap();
    for (let i = 0; i < 5; i++) runAll();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    expect(heap()).toBe(heapBytes);
    inputs.forEach(([a, b]) => (a.dispose(), b.dispose()));
  });

  test('leaves its inputs unchanged', () => {
    const c = cases.find((x) => x.label.startsWith('rank 3 batch 4') && x.transposeA && x.transposeB)!;
    const a = tf.tensor(c.a, c.aShape);
    const b = tf.tensor(c.b, c.bShape);
    tf.matMul(a, b, true, true).dispose();
    expect(a.dataSync()).toEqual(c.a);
    expect(b.dataSync()).toEqual(c.b);
    tf.dispose([a, b]);
  });

  test('a zero-length inner dimension gives zeros', () => {
    const y = tf.tidy(() => tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4])));
    expect(Array.from(y.dataSync())).toEqual(new Array(12).fill(0));
    y.dispose();
  });

  test('non-float32 operands still get the wasm kernel and its error', () => {
    const a = tf.ones([2, 2], 'int32');
    expect(() => tf.matMul(a, a, false, true)).toThrow('BatchMatMul for non non-float32 tensors not yet supported');
    a.dispose();
  });

  test('mismatched inner dimensions are an error naming both shapes', () => {
    const a = tf.ones([40, 50]);
    expect(() => tf.matMul(a, a, false, false)).toThrow(/inner dimensions must match, got 50 and 40 \(shapes \[40,50\] and \[40,50\]/);
    a.dispose();
  });
});

describe('prefersSimdSingleMatMul on one thread', () => {
  const shapes = (m: number, k: number, n: number, batch = 1) => matMulShapes([batch, m, k], [batch, k, n], false, false);

  test('takes the GPT-sized transposed products and leaves plain ones to XNNPACK', () => {
    expect(prefersSimdSingleMatMul(shapes(768, 128, 512), true, false)).toBe(true); // dW = Xᵀ·dY
    expect(prefersSimdSingleMatMul(shapes(768, 512, 128), false, true)).toBe(true); // dX = dY·Wᵀ
    expect(prefersSimdSingleMatMul(shapes(768, 128, 512), false, false)).toBe(false);
  });

  test('leaves big, tiny and batched products to the other paths', () => {
    expect(prefersSimdSingleMatMul(shapes(512, 512, 512), true, false)).toBe(false); // XNNPACK wins from 512³
    expect(512 ** 3).toBeGreaterThan(SIMD_SINGLE_THREAD_MAX_MULTIPLY_ADDS);
    expect(prefersSimdSingleMatMul(shapes(8, 8, 8), true, false)).toBe(false); // below the fast path
    expect(8 ** 3).toBeLessThan(FAST_PATH_MIN_MULTIPLY_ADDS);
    expect(prefersSimdSingleMatMul(shapes(64, 64, 64, 2), true, false)).toBe(false); // a batch
  });
});
