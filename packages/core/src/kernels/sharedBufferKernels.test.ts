import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';

const quiet = { log: null };

/** Heap buffers the wasm backend holds (tensors sharing one buffer count once). */
function heapBuffers(): number {
  return (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
}

describe('wasm Identity and Cast share buffers', () => {
  beforeAll(async () => {
    await initBackend('wasm', quiet);
  });

  test('tf.clone shares the buffer, keeps the values after the original is disposed, and frees it with the last reference', () => {
    const values = seededValues(24, 1);
    const buffersBefore = heapBuffers();
    const tensorsBefore = tf.memory().numTensors;
    const x = tf.tensor(values, [2, 3, 4]);
    const y = tf.clone(x);
    expect(heapBuffers()).toBe(buffersBefore + 1);
    x.dispose();
    expect(y.shape).toEqual([2, 3, 4]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(values));
    y.dispose();
    expect(heapBuffers()).toBe(buffersBefore);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  test('a same-dtype cast shares the buffer; int32 casts still convert (against the cpu backend)', async () => {
    const shared = tf.tidy(() => {
      const x = tf.tensor1d([1.5, -2.5]);
      const before = heapBuffers();
      tf.cast(x, 'float32');
      return heapBuffers() - before;
    });
    expect(shared).toBe(0);
    const values = Array.from(seededValues(12, 2), (v) => v * 5);
    const convert = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(values, [3, 4]);
        return [tf.cast(x, 'float32'), tf.cast(x, 'int32'), tf.cast(tf.cast(x, 'int32'), 'float32'), tf.cast(tf.cast(x, 'int32'), 'int32')].map((t) => ({
          dtype: t.dtype,
          values: Array.from(t.dataSync()),
        }));
      });
    const onWasm = convert();
    await initBackend('cpu', quiet);
    const onCpu = convert();
    await initBackend('wasm', quiet);
    expect(onWasm).toEqual(onCpu);
    expect(onWasm[0].values).toEqual(Array.from(new Float32Array(values)));
  });

  test('gradients through ops that save their inputs match the cpu backend, without leaks', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(seededValues(32, 3), [4, 8]);
        const w = tf.tensor2d(seededValues(48, 4), [8, 6]);
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.matMul(a, b)), tf.cast(tf.matMul(a, b), 'float32')));
        const [ga, gb] = tf.grads(f)([x, w]);
        return [...ga.dataSync(), ...gb.dataSync()];
      });
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = heapBuffers();
    const onWasm = run();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(heapBuffers()).toBe(buffersBefore);
    await initBackend('cpu', quiet);
    const onCpu = run();
    await initBackend('wasm', quiet);
    onWasm.forEach((v, i) => expect(v).toBeCloseTo(onCpu[i], 4));
  });
});
