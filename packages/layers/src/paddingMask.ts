import * as tf from '@tensorflow/tfjs';
import { formatShape } from './formatShape';

/**
 * The padding mask of a batch of token ids: a float32 tensor of the ids' shape with 1 at
 * real tokens and 0 where the id is `padId` (PAD is 0 in tfzoo's tokenizers).
 *
 * Pass it after the sequence it masks, e.g. `encoder.apply([x, paddingMask(ids)])`. In a
 * functional model, compute it inside the graph with `PaddingMaskLayer` so the saved model
 * takes ids alone.
 *
 * @example
 * paddingMask(tf.tensor2d([[5, 9, 0, 0]], [1, 4], 'int32')).print(); // [[1, 1, 0, 0]]
 */
export function paddingMask(ids: tf.Tensor, padId = 0): tf.Tensor {
  if (ids.rank !== 2) {
    throw new Error(`paddingMask: expected token ids of shape (batch, length), got shape ${formatShape(ids.shape)}`);
  }
  return tf.tidy(() => tf.cast(tf.notEqual(ids, tf.scalar(padId, ids.dtype)), 'float32'));
}
