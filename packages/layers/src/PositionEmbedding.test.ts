import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { PositionEmbedding } from './PositionEmbedding';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';

describe.each(BACKENDS)('PositionEmbedding on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runLayerTestCase({
    create: () => new PositionEmbedding({ name: 'positions', maxLength: 8 }),
    cls: PositionEmbedding,
    inputs: () => tf.randomNormal([2, 5, 4], 0, 1, 'float32', 1),
    outputShape: [2, 5, 4],
    trainableWeights: 1,
  });

  it('returns rows startIndex… of its table, the same for every batch element', () => {
    const layer = new PositionEmbedding({ maxLength: 6 });
    const out = layer.apply(tf.zeros([3, 4, 5])) as tf.Tensor;
    const table = layer.weights[0].read();
    expect(layer.weights[0].shape).toEqual([6, 5]);
    for (let b = 0; b < 3; b++) expectClose(tf.slice(out, [b, 0, 0], [1, 4, 5]), tf.slice(table, [0, 0], [4, 5]), 0);
    const shifted = layer.apply(tf.zeros([1, 2, 5]), { startIndex: 4 }) as tf.Tensor;
    expectClose(shifted, tf.slice(table, [4, 0], [2, 5]), 0);
    tf.dispose([out, shifted]);
  });

  it('rejects sequences longer than maxLength, naming the lengths', () => {
    const layer = new PositionEmbedding({ name: 'positions', maxLength: 6 });
    expect(() => layer.apply(tf.zeros([1, 7, 4]))).toThrow(/positions 0…6 are outside the 6 embedded positions \(sequence length 7, startIndex 0, maxLength 6\)/);
    expect(() => layer.apply(tf.zeros([1, 3, 4]), { startIndex: 4 })).toThrow(/positions 4…6 are outside/);
  });

  it('rejects inputs that are not (batch, length, features)', () => {
    expect(() => new PositionEmbedding({ name: 'positions', maxLength: 6 }).apply(tf.zeros([1, 6]))).toThrow(
      /PositionEmbedding 'positions': expected one input of shape \(batch, length, features\), got \[1, 6\]/,
    );
  });
});
