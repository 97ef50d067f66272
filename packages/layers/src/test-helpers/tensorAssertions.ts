import * as tf from '@tensorflow/tfjs';

type Numbers = tf.Tensor | ArrayLike<number> | number[][] | number[][][] | number[][][][];

function flat(x: Numbers): Float64Array {
  if (x instanceof tf.Tensor) return Float64Array.from(x.dataSync());
  if (ArrayBuffer.isView(x)) return Float64Array.from(x as unknown as ArrayLike<number>);
  return Float64Array.from((x as unknown[]).flat(Infinity as 3) as number[]);
}

/** The largest absolute elementwise difference (shapes must hold the same number of elements). */
export function maxAbsDiff(actual: Numbers, expected: Numbers): number {
  const a = flat(actual);
  const e = flat(expected);
  if (a.length !== e.length) throw new Error(`maxAbsDiff: ${a.length} values vs ${e.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - e[i]);
    if (!(d <= worst)) worst = d; // NaN propagates as the worst
  }
  return worst;
}

/** Expects every element within `tol` of the expected value, reporting the first offender. */
export function expectClose(actual: Numbers, expected: Numbers, tol = 1e-5): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= tol)) {
      throw new Error(`element ${i}: got ${a[i]}, expected ${e[i]} (tolerance ${tol}, max |diff| ${maxAbsDiff(a, e)})`);
    }
  }
}

/** Expects two tensors to be elementwise identical. */
export function expectIdentical(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expectClose(actual, expected, 0);
}
