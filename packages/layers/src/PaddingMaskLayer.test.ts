import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { PaddingMaskLayer } from './PaddingMaskLayer';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';

describe.each(BACKENDS)('PaddingMaskLayer on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runLayerTestCase({
    create: () => new PaddingMaskLayer({ name: 'mask', padId: 0 }),
    cls: PaddingMaskLayer,
    inputs: () => tf.tensor2d([[5, 6, 0, 0], [1, 2, 3, 4]], [2, 4], 'int32'),
    outputShape: [2, 4],
    trainableWeights: 0,
  });

  it('marks real tokens 1 and padding 0, for any padId', () => {
    const ids = tf.tensor2d([[5, 6, 0, 9], [9, 9, 1, 2]], [2, 4], 'int32');
    expectClose(new PaddingMaskLayer().apply(ids) as tf.Tensor, [[1, 1, 0, 1], [1, 1, 1, 1]], 0);
    expectClose(new PaddingMaskLayer({ padId: 9 }).apply(ids) as tf.Tensor, [[1, 1, 1, 0], [0, 0, 1, 1]], 0);
    expect((new PaddingMaskLayer().apply(ids) as tf.Tensor).dtype).toBe('float32');
  });

  it('rejects ids that are not (batch, length)', () => {
    expect(() => new PaddingMaskLayer({ name: 'mask' }).apply(tf.zeros([2, 3, 1]))).toThrow(
      /PaddingMaskLayer 'mask': expected token ids of shape \(batch, length\), got \[2, 3, 1\]/,
    );
  });
});
