/** A shape as errors print it: `[2, 7, 16]`, with unknown (symbolic) dimensions as `?`. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? '?' : String(d))).join(', ')}]`;
}

/** True when two dimensions may be equal: either is unknown, or both are the same number. */
export function dimsCompatible(a: number | null, b: number | null): boolean {
  return a == null || b == null || a === b;
}
