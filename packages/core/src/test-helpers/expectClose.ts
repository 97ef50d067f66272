/**
 * Fails naming the first element where |actual − expected| > tol · max(1, |expected|) (a NaN
 * fails too), and when the lengths differ. `label` prefixes the message.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4, label = ''): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= tol)) {
      throw new Error(`${label ? `${label}: ` : ''}element ${i}: got ${actual[i]}, expected ${expected[i]} (relative error ${err} > ${tol})`);
    }
  }
}

/** The shape with its last two dimensions swapped: a matrix operand's transposed shape. */
export function swapLastTwo(shape: readonly number[]): number[] {
  const s = [...shape];
  [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
  return s;
}
