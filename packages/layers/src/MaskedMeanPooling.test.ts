import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { MaskedMeanPooling } from './MaskedMeanPooling';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';

describe.each(BACKENDS)('MaskedMeanPooling on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('with a mask', () => {
    runLayerTestCase({
      create: () => new MaskedMeanPooling({ name: 'pool' }),
      cls: MaskedMeanPooling,
      inputs: () => [tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1), tf.tensor2d([[1, 1, 0, 0], [1, 1, 1, 1]])],
      outputShape: [2, 3],
      trainableWeights: 0,
    });
  });

  describe('without a mask', () => {
    runLayerTestCase({
      create: () => new MaskedMeanPooling({ name: 'pool' }),
      cls: MaskedMeanPooling,
      inputs: () => tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1),
      outputShape: [2, 3],
      trainableWeights: 0,
    });
  });

  it('averages only the real positions', () => {
    const x = tf.tensor3d([[[1, 10], [3, 20], [100, 100]], [[2, 4], [4, 8], [6, 12]]]);
    const mask = tf.tensor2d([[1, 1, 0], [1, 1, 1]]);
    expectClose(new MaskedMeanPooling().apply([x, mask]) as tf.Tensor, [[2, 15], [4, 8]], 1e-6);
    expectClose(new MaskedMeanPooling().apply(x) as tf.Tensor, [[104 / 3, 130 / 3], [4, 8]], 1e-5);
  });

  it('is unchanged by extra padding, whatever its values', () => {
    const x = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 1);
    const pooled = new MaskedMeanPooling().apply([x, tf.ones([1, 3])]) as tf.Tensor;
    const padded = tf.concat([x, tf.randomNormal([1, 5, 4], 0, 100, 'float32', 2)], 1);
    const mask = tf.concat([tf.ones([1, 3]), tf.zeros([1, 5])], 1);
    expectClose(new MaskedMeanPooling().apply([padded, mask]) as tf.Tensor, pooled, 1e-6);
  });

  it('pools an all-padding sequence to zeros, not NaN', () => {
    const out = new MaskedMeanPooling().apply([tf.ones([1, 3, 2]), tf.zeros([1, 3])]) as tf.Tensor;
    expectClose(out, [[0, 0]], 0);
  });

  it('rejects inputs that are not [x, mask]', () => {
    expect(() => new MaskedMeanPooling({ name: 'pool' }).apply([tf.zeros([1, 3, 2]), tf.zeros([1, 4])])).toThrow(
      /padding mask \(input 1\) has shape \[1, 4\] but the sequence it masks has shape \[1, 3, 2\]/,
    );
    expect(() => new MaskedMeanPooling({ name: 'pool' }).apply([tf.zeros([1, 3, 2]), tf.zeros([1, 3, 2])])).toThrow(
      /MaskedMeanPooling 'pool': expected x or \[x, paddingMask\], got 2 sequences \(\[1, 3, 2\], \[1, 3, 2\]\)/,
    );
  });
});
