import * as tf from '@tensorflow/tfjs';

/**
 * The causal attention mask: a (queryLength, keyLength) float32 tensor with 1 where query
 * position i may attend to key position j and 0 where it may not.
 *
 * With `keyLength === queryLength` (the default) that is the lower triangle, j ≤ i. When
 * the keys are longer (incremental decoding with a cache: the queries are the last
 * `queryLength` positions of the keys), the queries are aligned to the end of the keys:
 * j ≤ i + (keyLength − queryLength).
 *
 * Masks in this package are 0/1 "may attend" tensors; attention turns 0 into a large
 * negative score bias before the softmax.
 *
 * @example
 * causalMask(3).print();
 * // [[1, 0, 0],
 * //  [1, 1, 0],
 * //  [1, 1, 1]]
 */
export function causalMask(queryLength: number, keyLength: number = queryLength): tf.Tensor2D {
  if (!Number.isInteger(queryLength) || queryLength < 1 || !Number.isInteger(keyLength) || keyLength < 1) {
    throw new Error(`causalMask: expected positive integer lengths, got queryLength=${queryLength}, keyLength=${keyLength}`);
  }
  if (keyLength < queryLength) {
    throw new Error(
      `causalMask: keyLength (${keyLength}) must be at least queryLength (${queryLength}); ` +
        'the queries are the last queryLength positions of the keys',
    );
  }
  const offset = keyLength - queryLength;
  const values = new Float32Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j <= i + offset; j++) values[i * keyLength + j] = 1;
  }
  return tf.tensor2d(values, [queryLength, keyLength], 'float32');
}
