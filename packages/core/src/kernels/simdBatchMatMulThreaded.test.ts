import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { expectClose } from '../test-helpers/expectClose';
import { seededValues } from '../test-helpers/seededValues';
import { matMulShapes } from './matMulShapes';
import { simdBatchMatMul } from './simdBatchMatMul';
import { waitForSimdHelpers } from '../test-helpers/waitForSimdHelpers';
import { asWasmBackend, heapFloat32, wasmHeapMemory } from './wasmBackendAccess';

interface Product {
  label: string;
  aShape: number[];
  bShape: number[];
  transposeA: boolean;
  transposeB: boolean;
  bias?: number;
  expected?: Float32Array;
}

/**
 * Products big enough for the helper threads (≥ 64³ multiply-adds): single products split by
 * rows (131 rows: a share that is not a multiple of 4; k = 300 crosses a k-block), batches split
 * by matrix, with every transpose, a bias, and each kind of batch broadcasting.
 */
function products(): Product[] {
  const list: Product[] = [];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const [m, k, n] = [131, 300, 67];
      list.push({ label: `one ${m}×${k}×${n} tA=${transposeA} tB=${transposeB}`, aShape: transposeA ? [k, m] : [m, k], bShape: transposeB ? [n, k] : [k, n], transposeA, transposeB });
      list.push({ label: `batch 7×64×40×64 tA=${transposeA} tB=${transposeB}`, aShape: transposeA ? [7, 40, 64] : [7, 64, 40], bShape: transposeB ? [7, 64, 40] : [7, 40, 64], transposeA, transposeB });
    }
  }
  list.push({ label: 'one with bias', aShape: [130, 96], bShape: [96, 70], transposeA: false, transposeB: false, bias: 70 });
  list.push({ label: 'a broadcast', aShape: [1, 64, 40], bShape: [5, 64, 40], transposeA: false, transposeB: true });
  list.push({ label: 'b broadcast', aShape: [5, 64, 40], bShape: [40, 64], transposeA: false, transposeB: false });
  list.push({ label: 'irregular broadcast', aShape: [2, 1, 64, 40], bShape: [1, 3, 64, 40], transposeA: false, transposeB: true });
  return list;
}

/** `direct`: simdBatchMatMul itself; else tf.fused.matMul (on cpu with batches broadcast first, which its kernel needs). */
function run(p: Product, direct: boolean): Float32Array {
  return tf.tidy(() => {
    let a = tf.tensor(seededValues(tf.util.sizeFromShape(p.aShape), 1), p.aShape);
    let b = tf.tensor(seededValues(tf.util.sizeFromShape(p.bShape), 2), p.bShape);
    if (tf.getBackend() === 'cpu' && a.rank > 2 && b.rank > 2) {
      const batch = a.shape.slice(0, -2).map((d, i) => Math.max(d, b.shape[i]));
      a = tf.broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
      b = tf.broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
    }
    const bias = p.bias === undefined ? undefined : tf.tensor(seededValues(p.bias, 3), [p.bias]);
    if (!direct) return tf.fused.matMul({ a, b, transposeA: p.transposeA, transposeB: p.transposeB, bias }).dataSync() as Float32Array;
    const backend = asWasmBackend(tf.backend(), 'test');
    const out = simdBatchMatMul(backend, a, b, p.transposeA, p.transposeB, matMulShapes(a.shape, b.shape, p.transposeA, p.transposeB), bias);
    if (out == null) throw new Error('simdBatchMatMul unavailable');
    const values = heapFloat32(backend, out).slice();
    backend.disposeData(out.dataId);
    return values;
  });
}

/** The threaded wasm build's heap is a shared memory: the kernel must import it as one, and its helpers share the work. */
describe('simdBatchMatMul on the threaded wasm build', () => {
  const cases = products();

  beforeAll(async () => {
    await initBackend('cpu', { log: null });
    for (const p of cases) p.expected = run({ ...p }, false);
    const choice = await initBackend('wasm', { log: null, threads: 2 });
    expect(choice.runtime.threads).toBe(2);
    // The helper thread starts asynchronously on first use; wait until it takes shares.
    expect(await waitForSimdHelpers(1)).toBe(1);
  });

  test('the heap is shared', () => {
    const x = tf.ones([2]);
    expect(wasmHeapMemory(asWasmBackend(tf.backend(), 'test'), x)!.buffer).toBeInstanceOf(SharedArrayBuffer);
    x.dispose();
  });

  test.each(cases.map((p) => [p.label, p] as const))('matches cpu, directly and through tf.fused.matMul: %s', (label, p) => {
    const before = tf.memory().numTensors;
    expectClose(run(p, true), p.expected!, 1e-4, `${label} (direct)`);
    // tf ops flatten batch dims to one before the kernel, so an irregular broadcast reaches it only directly.
    if (!label.startsWith('irregular')) expectClose(run(p, false), p.expected!, 1e-4, `${label} (tf.fused.matMul)`);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('dense gradients through tf.grads equal the cpu backend’s', async () => {
    const grads = () => tf.tidy(() => {
      const x = tf.tensor(seededValues(96 * 80, 7), [96, 80]);
      const w = tf.tensor(seededValues(80 * 72, 8), [80, 72]);
      const bias = tf.tensor(seededValues(72, 9), [72]);
      const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(tf.fused.matMul({ a: xx, b: ww, bias }))))([x, w]);
      return [dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
    });
    const threaded = grads();
    await initBackend('cpu', { log: null });
    const reference = grads();
    await initBackend('wasm', { log: null, threads: 2 });
    expectClose(threaded[0], reference[0], 1e-4, 'dx');
    expectClose(threaded[1], reference[1], 1e-4, 'dw');
  });
});
