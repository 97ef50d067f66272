import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { expectClose } from '../test-helpers/expectClose';
import { matMulCases, MatMulCase } from '../test-helpers/matMulCases';
import { seededValues } from '../test-helpers/seededValues';
import { matMulShapes } from './matMulShapes';
import { prefersSimdBatchMatMul, SIMD_MAX_MULTIPLY_ADDS, simdBatchMatMul } from './simdBatchMatMul';
import { isWasmMemory } from './webAssemblyApi';
import { asWasmBackend, heapFloat32, WasmKernelBackend, wasmHeapMemory } from './wasmBackendAccess';

const quiet = { log: null };

/** (a shape, b shape) before transposes: odd sizes, edges of the 4×8 tiles, broadcasts. */
const SHAPES: [number[], number[]][] = [
  [[3, 1, 1], [3, 1, 1]],
  [[2, 3, 5], [2, 5, 7]],
  [[4, 7, 33], [4, 33, 5]],
  [[2, 33, 7], [2, 7, 33]],
  [[5, 5, 3], [5, 3, 1]],
  [[2, 1, 33], [2, 33, 3]],
  [[2, 8, 12], [2, 12, 16]], // whole tiles only
  [[2, 9, 4], [2, 4, 13]], // one 8-wide, one 4-wide and one scalar column block
  [[1, 9, 13], [3, 13, 6]], // a broadcast
  [[3, 9, 13], [13, 6]], // b rank 2
  [[3, 9, 13], [1, 13, 6]], // b batch 1
  [[2, 3, 6, 5], [2, 3, 5, 7]], // rank 4
  [[6, 64, 32], [6, 32, 64]], // attention's QKᵀ geometry
];

/** A few more from a fixed seed: sizes in [1, 40], batches in [2, 4]. */
function randomShapes(count: number): [number[], number[]][] {
  const r = seededValues(4 * count, 77);
  const size = (x: number) => 1 + Math.floor(((x + 1) / 2) * 40);
  return Array.from({ length: count }, (_, i) => {
    const [m, k, n] = [size(r[4 * i]), size(r[4 * i + 1]), size(r[4 * i + 2])];
    const batch = 2 + Math.floor(((r[4 * i + 3] + 1) / 2) * 3);
    return [[batch, m, k], [batch, k, n]] as [number[], number[]];
  });
}

type Case = MatMulCase;

function allCases(): Case[] {
  return matMulCases([...SHAPES, ...randomShapes(6)].map(([a, b]) => [`[${a}]·[${b}]`, a, b] as const));
}

function wasmBackend(): WasmKernelBackend {
  return asWasmBackend(tf.backend(), 'test');
}

/** Runs `simdBatchMatMul` itself (not through the kernel registry) and returns its values. */
function runSimd(c: Case, a: tf.Tensor, b: tf.Tensor): { values: Float32Array; shape: number[] } {
  const backend = wasmBackend();
  const shapes = matMulShapes(a.shape, b.shape, c.transposeA, c.transposeB);
  const out = simdBatchMatMul(backend, a, b, c.transposeA, c.transposeB, shapes);
  if (out == null) throw new Error('simdBatchMatMul is unavailable on this engine');
  const values = heapFloat32(backend, out).slice();
  backend.disposeData(out.dataId);
  return { values, shape: out.shape };
}

/** Softmax attention, summed against fixed weights so tf.grads has a scalar. */
function attentionLoss(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, w: tf.Tensor): tf.Scalar {
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(q.shape[q.shape.length - 1])); // (B, nh, T, T)
  const y = tf.matMul(tf.softmax(scores), v); // (B, nh, T, hs)
  return tf.sum(tf.mul(y, w));
}

function attentionGrads(): Float32Array[] {
  const shape = [2, 3, 7, 5]; // (B, nh, T, hs)
  const size = tf.util.sizeFromShape(shape);
  return tf.tidy(() => {
    const [q, k, v, w] = [11, 12, 13, 14].map((seed) => tf.tensor(seededValues(size, seed), shape));
    const grads = tf.grads((qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) => attentionLoss(qq, kk, vv, w))([q, k, v]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

describe('simdBatchMatMul', () => {
  const cases = allCases();
  let expectedGrads: Float32Array[] = [];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    for (const c of cases) {
      const y = tf.tidy(() => tf.matMul(tf.tensor(c.a, c.aShape), tf.tensor(c.b, c.bShape), c.transposeA, c.transposeB));
      c.expected = y.dataSync() as Float32Array;
      c.expectedShape = y.shape;
      y.dispose();
    }
    expectedGrads = attentionGrads();
    await initBackend('wasm', quiet);
  });

  test('finds the wasm heap as a WebAssembly.Memory', () => {
    const x = tf.ones([4]);
    const memory = wasmHeapMemory(wasmBackend(), { dataId: x.dataId, shape: x.shape, dtype: x.dtype });
    expect(isWasmMemory(memory)).toBe(true);
    x.dispose();
  });

  test.each(cases.map((c) => [c.label, c] as const))('matches cpu: %s', (_label, c) => {
    const a = tf.tensor(c.a, c.aShape);
    const b = tf.tensor(c.b, c.bShape);
    const { values, shape } = runSimd(c, a, b);
    expect(shape).toEqual(c.expectedShape);
    expectClose(values, c.expected!);
    // The registered BatchMatMul routes these batched products here too.
    const y = tf.matMul(a, b, c.transposeA, c.transposeB);
    expectClose(y.dataSync(), c.expected!);
    tf.dispose([a, b, y]);
  });

  test('multi-dim broadcasting (2, 1) x (1, 3) matches a naive product', () => {
    const [m, k, n] = [5, 9, 6];
    const a = tf.tensor(seededValues(2 * m * k, 101), [2, 1, m, k]);
    const b = tf.tensor(seededValues(3 * n * k, 102), [1, 3, n, k]); // transposed
    const c: Case = { label: '', aShape: a.shape, bShape: b.shape, transposeA: false, transposeB: true, a: new Float32Array(), b: new Float32Array() };
    const { values, shape } = runSimd(c, a, b);
    expect(shape).toEqual([2, 3, m, n]);
    const [av, bv] = [a.dataSync(), b.dataSync()];
    const expected = new Float32Array(6 * m * n);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        for (let r = 0; r < m; r++) {
          for (let col = 0; col < n; col++) {
            let sum = 0;
            for (let t = 0; t < k; t++) sum += av[i * m * k + r * k + t] * bv[j * n * k + col * k + t];
            expected[((i * 3 + j) * m + r) * n + col] = sum;
          }
        }
      }
    }
    expectClose(values, expected);
    tf.dispose([a, b]);
  });

  test('attention gradients through tf.grads equal the cpu backend’s', () => {
    const actual = attentionGrads();
    expect(actual.length).toBe(3);
    actual.forEach((g, i) => expectClose(g, expectedGrads[i]));
  });

  test('stays correct when the heap grows between calls', () => {
    const c = cases.find((x) => x.aShape[1] === 64 && x.transposeB && !x.transposeA)!;
    const a = tf.tensor(c.a, c.aShape);
    const b = tf.tensor(c.b, c.bShape);
    expectClose(runSimd(c, a, b).values, c.expected!);
    const backend = wasmBackend();
    const memoryBefore = wasmHeapMemory(backend, { dataId: a.dataId, shape: a.shape, dtype: a.dtype });
    const bytesBefore = memoryBefore!.buffer.byteLength;
    // More floats than the heap holds now: malloc must grow it.
    const big = tf.fill([bytesBefore / 4 + 1024], 1.5);
    const memoryAfter = wasmHeapMemory(backend, { dataId: a.dataId, shape: a.shape, dtype: a.dtype });
    expect(memoryAfter!.buffer.byteLength).toBeGreaterThan(bytesBefore);
    expectClose(runSimd(c, a, b).values, c.expected!);
    const y = tf.matMul(a, b, c.transposeA, c.transposeB);
    expectClose(y.dataSync(), c.expected!);
    expect(big.dataSync()[big.size - 1]).toBe(1.5); // the kernel wrote only its own output
    tf.dispose([a, b, y, big]);
  });

  test('leaves no tensors or heap buffers behind, and its inputs unchanged', () => {
    const backend = tf.backend();
    const inputs = cases.map((c) => [tf.tensor(c.a, c.aShape), tf.tensor(c.b, c.bShape)] as const);
    const runAll = () => cases.forEach((c, i) => tf.matMul(inputs[i][0], inputs[i][1], c.transposeA, c.transposeB).dispose());
    runAll();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 3; i++) runAll();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    cases.forEach((c, i) => {
      expect(inputs[i][0].dataSync()).toEqual(c.a);
      expect(inputs[i][1].dataSync()).toEqual(c.b);
    });
    inputs.forEach(([a, b]) => tf.dispose([a, b]));
  });

  test('a zero-length inner dimension gives zeros, an empty batch an empty result', () => {
    const backend = wasmBackend();
    const a = tf.zeros([3, 2, 0]);
    const b = tf.zeros([3, 0, 4]);
    const out = simdBatchMatMul(backend, a, b, false, false, matMulShapes(a.shape, b.shape, false, false))!;
    expect(Array.from(heapFloat32(backend, out))).toEqual(new Array(24).fill(0));
    backend.disposeData(out.dataId);
    const e = tf.zeros([0, 2, 3]);
    const empty = simdBatchMatMul(backend, e, e, false, true, matMulShapes(e.shape, e.shape, false, true))!;
    expect(empty.shape).toEqual([0, 2, 2]);
    backend.disposeData(empty.dataId);
    tf.dispose([a, b, e]);
  });

  test('routes batched products up to SIMD_MAX_MULTIPLY_ADDS per matrix, and only those', () => {
    expect(prefersSimdBatchMatMul(matMulShapes([48, 64, 32], [48, 64, 32], false, true))).toBe(true);
    expect(prefersSimdBatchMatMul(matMulShapes([2, 1, 1], [2, 1, 1], false, false))).toBe(true);
    expect(prefersSimdBatchMatMul(matMulShapes([64, 32], [64, 32], false, true))).toBe(false); // one matrix
    expect(prefersSimdBatchMatMul(matMulShapes([1, 64, 32], [1, 64, 32], false, true))).toBe(false);
    const side = Math.round(Math.cbrt(SIMD_MAX_MULTIPLY_ADDS));
    expect(prefersSimdBatchMatMul(matMulShapes([2, side, side], [2, side, side], false, false))).toBe(true);
    expect(prefersSimdBatchMatMul(matMulShapes([2, side, side + 1], [2, side + 1, side], false, false))).toBe(false);
  });

  test('rejects non-float32 operands by name', () => {
    const a = tf.ones([2, 2, 2], 'int32');
    expect(() => simdBatchMatMul(wasmBackend(), a, a, false, false, matMulShapes(a.shape, a.shape, false, false))).toThrow(
      'simdBatchMatMul: expected float32 operands, got int32 and int32',
    );
    a.dispose();
  });
});
