import * as tf from '@tensorflow/tfjs';

/**
 * `tf.tidy` for a function that returns a record of tensors (nested, with null or absent
 * fields, typed by interfaces): keeps every tensor in the result, disposes the rest.
 * tf.tidy walks such records at run time, but its TensorContainer type admits neither null
 * nor interface-typed objects, hence this one cast in one place.
 */
export function tidyRecord<T extends object>(fn: () => T): T {
  return tf.tidy(() => fn() as unknown as tf.TensorContainer) as unknown as T;
}
