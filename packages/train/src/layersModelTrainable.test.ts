import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { layersModelTrainable, supervisedLoss, toTensor } from './layersModelTrainable';
import { denseModel, denseTrainable, regressionSource } from './test-helpers/regression';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

describe('layersModelTrainable', () => {
  it('names weights <layer>/<weight>, stable across instances, and hands out the layers’ own variables', () => {
    const a = denseTrainable({ seed: 1 });
    const b = denseTrainable({ seed: 2 });
    const names = a.variables().map((v) => v.name);
    expect(names).toEqual(['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias']);
    expect(b.variables().map((v) => v.name)).toEqual(names);
    expect(a.variables().every((v) => v.trainable)).toBe(true);
    // Assigning to the variable changes what the layer computes with.
    const kernel = a.variables()[0].variable;
    tf.tidy(() => kernel.assign(tf.zerosLike(kernel)));
    expect(Array.from(a.model.layers[0].getWeights()[0].dataSync()).every((x) => x === 0)).toBe(true);
    a.model.layers[0].trainable = false;
    expect(a.variables().filter((v) => v.trainable).map((v) => v.name)).toEqual(['out/kernel', 'out/bias']);
    a.model.dispose();
    b.model.dispose();
  });

  it('computes the loss with the training flag (dropout on only in training)', () => {
    const t = layersModelTrainable(denseModel({ dropout: 0.5 }), supervisedLoss(tf.losses.meanSquaredError));
    const batch = regressionSource(3, 32).next();
    const evalA = tf.tidy(() => t.loss(batch, { training: false }).dataSync()[0]);
    const evalB = tf.tidy(() => t.loss(batch, { training: false }).dataSync()[0]);
    const trainA = tf.tidy(() => t.loss(batch, { training: true }).dataSync()[0]);
    expect(evalA).toBe(evalB);
    expect(trainA).not.toBe(evalA);
    t.model.dispose();
  });

  it('rejects a non-scalar loss and stores the topology as config', () => {
    const t = layersModelTrainable(denseModel(), (model, batch: { xs: tf.Tensor }) => model.apply(batch.xs) as tf.Scalar);
    expect(() => tf.tidy(() => t.loss({ xs: tf.zeros([2, 4]) }, { training: false }))).toThrow('the loss function must return a scalar, got a tensor of shape [2,2]');
    const config = t.config() as { className: string; config: { layers: unknown[] } };
    expect(config.className).toBe('Sequential');
    expect(config.config.layers).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    t.model.dispose();
  });

  it('toTensor checks the value count against the shape', () => {
    expect(() => toTensor({ data: new Float32Array(5), shape: [2, 3] })).toThrow('expected 6 values for shape [2,3], got 5');
  });
});
