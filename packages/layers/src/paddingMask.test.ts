import * as tf from '@tensorflow/tfjs';
import { paddingMask } from './paddingMask';

describe('paddingMask', () => {
  it('marks real tokens 1 and padId positions 0', () => {
    const ids = tf.tensor2d([[5, 9, 0, 0], [1, 0, 2, 3]], [2, 4], 'int32');
    expect(paddingMask(ids).arraySync()).toEqual([
      [1, 1, 0, 0],
      [1, 0, 1, 1],
    ]);
    expect(paddingMask(ids, 1).arraySync()).toEqual([
      [1, 1, 1, 1],
      [0, 1, 1, 1],
    ]);
  });

  it('accepts float ids (the default dtype of tf.input) and returns float32', () => {
    const m = paddingMask(tf.tensor2d([[3, 0]]));
    expect(m.dtype).toBe('float32');
    expect(m.arraySync()).toEqual([[1, 0]]);
  });

  it('rejects ids that are not (batch, length)', () => {
    expect(() => paddingMask(tf.zeros([4], 'int32'))).toThrow(/expected token ids of shape \(batch, length\), got shape \[4\]/);
  });

  it('does not leak intermediate tensors', () => {
    const ids = tf.tensor2d([[1, 0]], [1, 2], 'int32');
    const before = tf.memory().numTensors;
    const m = paddingMask(ids);
    expect(tf.memory().numTensors).toBe(before + 1);
    m.dispose();
  });
});
