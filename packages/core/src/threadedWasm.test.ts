import * as tf from '@tensorflow/tfjs';
import { initBackend } from './initBackend';
import { seededValues } from './test-helpers/seededValues';
import { registerThreadedWasm, threadedWasmThreads } from './threadedWasm';

const quiet = { log: null };

/** A dense layer's forward and backward products, the work XNNPACK's thread pool shares. */
function denseStep(): number[][] {
  return tf.tidy(() => {
    const x = tf.tensor2d(seededValues(96 * 64, 1), [96, 64]);
    const w = tf.tensor2d(seededValues(64 * 80, 2), [64, 80]);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, b)));
    const [dx, dw] = tf.grads(f)([x, w]);
    return [tf.matMul(x, w), dx, dw].map((t) => Array.from(t.dataSync()));
  });
}

describe('threaded wasm', () => {
  test('rejects thread counts below 2 without changing anything', async () => {
    expect(await registerThreadedWasm(1)).toBe('expected a thread count >= 2, got 1');
    expect(await registerThreadedWasm(2.5)).toBe('expected a thread count >= 2, got 2.5');
    expect(threadedWasmThreads()).toBeNull();
  });

  test('initBackend runs wasm on 2 threads and gets the cpu backend’s results', async () => {
    await initBackend('cpu', quiet);
    const expected = denseStep();
    const choice = await initBackend('wasm', { log: null, threads: 2 });
    expect(choice.line).toMatch(/^tfzoo backend: wasm \(SIMD, 2 threads\)/);
    expect(choice.runtime.threads).toBe(2);
    expect(threadedWasmThreads()).toBe(2);
    const before = tf.memory().numTensors;
    const actual = denseStep();
    expect(tf.memory().numTensors).toBe(before);
    actual.forEach((values, k) => values.forEach((v, i) => expect(v).toBeCloseTo(expected[k][i], 2)));
  });

  test('a later request for another thread count is reported, not applied', async () => {
    const choice = await initBackend('wasm', { log: null, threads: 3 });
    expect(choice.runtime.threads).toBe(2);
    expect(choice.line).toContain('3 wasm threads unavailable: the threaded wasm backend already runs 2 threads (requested 3)');
  });

  test('a bad thread count is an error naming it', async () => {
    await expect(initBackend('wasm', { log: null, threads: 0 })).rejects.toThrow('expected options.threads to be a positive integer, got 0');
  });
});
