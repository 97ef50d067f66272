import * as tf from '@tensorflow/tfjs';

/**
 * Inverted dropout, applied only while training (`kwargs.training`, which `model.fit`
 * sets); the identity at inference.
 */
export function dropoutIfTraining<T extends tf.Tensor>(x: T, rate: number, training: boolean | undefined): T {
  return training === true && rate > 0 ? (tf.dropout(x, rate) as T) : x;
}
