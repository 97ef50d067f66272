import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { waitForSimdHelpers } from '../test-helpers/waitForSimdHelpers';
import { GELU_GRAD_KERNEL, GELU_KERNEL, geluGradInto, geluInto } from './geluKernels';

/** GELU, SplitV and Concat on the threaded build: split across the helper thread, on the shared heap. */
describe('element-wise kernels on the threaded wasm build', () => {
  beforeAll(async () => {
    const choice = await initBackend('wasm', { log: null, threads: 2 });
    expect(choice.runtime.threads).toBe(2);
    expect(await waitForSimdHelpers(1)).toBe(1);
  });

  test('GELU and its gradient over 100,003 elements (two threads) equal the JS formulas', () => {
    const n = 100_003; // not a multiple of 4: the caller's range ends on a lane boundary, the helper's does not
    const x = seededValues(n, 1).map((v) => 4 * v);
    const dy = seededValues(n, 2);
    const before = tf.memory().numTensors;
    const [y, dx] = tf.tidy(() => {
      const xt = tf.tensor1d(x);
      const yt = tf.engine().runKernel(GELU_KERNEL, { x: xt }) as tf.Tensor;
      const dxt = tf.engine().runKernel(GELU_GRAD_KERNEL, { x: xt, dy: tf.tensor1d(dy) }) as tf.Tensor;
      return [yt.dataSync(), dxt.dataSync()];
    });
    expect(tf.memory().numTensors).toBe(before);
    const [yRef, dxRef] = [new Float32Array(n), new Float32Array(n)];
    geluInto(x, yRef);
    geluGradInto(x, dy, dxRef);
    // The SIMD erf/exp approximations: the same bounds as the single-threaded tests.
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(y[i] - yRef[i]) <= 1e-5 * Math.max(1, Math.abs(yRef[i])))) throw new Error(`y[${i}] = ${y[i]}, expected ${yRef[i]}`);
      if (!(Math.abs(dx[i] - dxRef[i]) <= 1e-5 * Math.max(1, Math.abs(dxRef[i])))) throw new Error(`dx[${i}] = ${dx[i]}, expected ${dxRef[i]}`);
    }
  });

  test('split and concat on the shared heap round-trip', () => {
    const values = seededValues(768 * 384, 3);
    const back = tf.tidy(() => {
      const parts = tf.split(tf.tensor2d(values, [768, 384]), 3, 1);
      expect(Array.from(parts[1].dataSync().slice(0, 3))).toEqual(Array.from(values.slice(128, 131)));
      return tf.concat(parts, 1).dataSync();
    });
    expect(back).toEqual(values);
  });
});
