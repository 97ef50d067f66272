import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { accumulateGradients } from './accumulateGradients';
import type { SupervisedBatch } from './layersModelTrainable';
import { denseTrainable, regressionSource } from './test-helpers/regression';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

/** Two batches stacked into one of double size. */
function concat(a: SupervisedBatch, b: SupervisedBatch): SupervisedBatch {
  const join = (x: SupervisedBatch['xs'], y: SupervisedBatch['xs']) => {
    if (x instanceof tf.Tensor || y instanceof tf.Tensor) throw new Error('expected shaped arrays');
    const data = new Float32Array(x.data.length + y.data.length);
    data.set(x.data);
    data.set(y.data, x.data.length);
    return { data, shape: [x.shape[0] + y.shape[0], ...x.shape.slice(1)] };
  };
  return { xs: join(a.xs, b.xs), ys: join(a.ys, b.ys) };
}

describe('accumulateGradients', () => {
  it('over 2 micro-batches equals the gradient of one batch of double size (mean loss)', async () => {
    const model = denseTrainable({ seed: 3 });
    const source = regressionSource(7, 6);
    const first = source.next();
    const second = source.next();
    const queue = [first, second];
    const split = accumulateGradients(model, () => queue.shift()!, 2);
    const whole = accumulateGradients(model, () => concat(first, second), 1);

    expect(split.loss.dataSync()[0]).toBeCloseTo(whole.loss.dataSync()[0], 6);
    expect([...split.grads.keys()].sort()).toEqual(['hidden/bias', 'hidden/kernel', 'out/bias', 'out/kernel']);
    for (const [name, g] of whole.grads) {
      const a = split.grads.get(name)!.dataSync();
      const b = g.dataSync();
      let maxDiff = 0;
      let maxAbs = 0;
      for (let i = 0; i < b.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        maxAbs = Math.max(maxAbs, Math.abs(b[i]));
      }
      expect(maxAbs).toBeGreaterThan(1e-4); // non-trivial gradients, so the comparison means something
      expect(maxDiff).toBeLessThan(1e-6);
    }
    tf.dispose([split.loss, whole.loss, ...split.grads.values(), ...whole.grads.values()]);
    model.model.dispose();
  });

  it('leaves no tensors behind besides its result, and disposes batch tensors', () => {
    const model = denseTrainable({ seed: 3 });
    const source = regressionSource(1, 4);
    const before = tf.memory().numTensors;
    const { loss, grads } = accumulateGradients(
      model,
      () => {
        const b = source.next();
        return { xs: tf.tensor(b.xs.data as Float32Array, (b.xs as { shape: number[] }).shape), ys: b.ys };
      },
      3,
    );
    expect(tf.memory().numTensors).toBe(before + 1 + grads.size);
    tf.dispose([loss, ...grads.values()]);
    expect(tf.memory().numTensors).toBe(before);
    model.model.dispose();
  });

  it('rejects a bad micro-batch count', () => {
    const model = denseTrainable();
    expect(() => accumulateGradients(model, () => regressionSource(1).next(), 0)).toThrow('expected microBatches to be an integer >= 1, got 0');
    model.model.dispose();
  });
});
