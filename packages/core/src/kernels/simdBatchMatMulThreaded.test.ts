import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { matMulShapes } from './matMulShapes';
import { simdBatchMatMul, wasmHeapMemory } from './simdBatchMatMul';
import { asWasmBackend, heapFloat32 } from './wasmBackendAccess';

/** The threaded wasm build's heap is a shared memory: the kernel must import it as one. */
describe('simdBatchMatMul on the threaded wasm build', () => {
  const aShape = [4, 9, 13];
  const bShape = [4, 6, 13]; // transposed
  const a = seededValues(tf.util.sizeFromShape(aShape), 1);
  const b = seededValues(tf.util.sizeFromShape(bShape), 2);
  let expected: Float32Array;

  beforeAll(async () => {
    await initBackend('cpu', { log: null });
    expected = tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), false, true).dataSync() as Float32Array);
    const choice = await initBackend('wasm', { log: null, threads: 2 });
    expect(choice.runtime.threads).toBe(2);
  });

  test('runs on the shared heap and matches cpu, directly and through tf.matMul', () => {
    const backend = asWasmBackend(tf.backend(), 'test');
    const [ta, tb] = [tf.tensor(a, aShape), tf.tensor(b, bShape)];
    const memory = wasmHeapMemory(backend, ta);
    expect(memory!.buffer).toBeInstanceOf(SharedArrayBuffer);
    const out = simdBatchMatMul(backend, ta, tb, false, true, matMulShapes(aShape, bShape, false, true));
    expect(out).not.toBeNull();
    const values = heapFloat32(backend, out!);
    values.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected[i]))));
    backend.disposeData(out!.dataId);
    const y = tf.matMul(ta, tb, false, true);
    y.dataSync().forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected[i]))));
    tf.dispose([ta, tb, y]);
  });
});
