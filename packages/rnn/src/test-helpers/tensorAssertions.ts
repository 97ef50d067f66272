import * as tf from '@tensorflow/tfjs';

/** The largest absolute elementwise difference between two tensors of the same shape. */
export function maxAbsDiff(actual: tf.Tensor, expected: tf.Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - e[i]);
    if (!(d <= worst)) worst = d; // NaN propagates as the worst
  }
  return worst;
}

/** Expects two tensors of the same shape to agree within `tol` everywhere. */
export function expectClose(actual: tf.Tensor, expected: tf.Tensor, tol = 1e-5): void {
  const diff = maxAbsDiff(actual, expected);
  if (!(diff <= tol)) throw new Error(`max |difference| ${diff} exceeds tolerance ${tol} (shape [${actual.shape.join(', ')}])`);
}
