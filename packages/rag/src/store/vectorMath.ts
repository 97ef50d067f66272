import type { SimilarityMetric } from '../types';

/** The metrics an index or store accepts. */
export const SIMILARITY_METRICS: readonly SimilarityMetric[] = ['cosine', 'euclidean'];

/** Throws unless `metric` is `cosine` or `euclidean`. */
export function checkMetric(metric: unknown): SimilarityMetric {
  if (metric !== 'cosine' && metric !== 'euclidean') {
    throw new Error(`expected metric to be 'cosine' or 'euclidean', got ${JSON.stringify(metric)}`);
  }
  return metric;
}

/** Throws unless `dimension` is a positive integer. */
export function checkDimension(dimension: unknown): number {
  if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension < 1) {
    throw new Error(`expected the vector dimension to be a positive integer, got ${JSON.stringify(dimension)}`);
  }
  return dimension;
}

/** Throws unless `vector` is a Float32Array of `dimension` finite numbers; `what` names it in the message. */
export function checkVector(vector: Float32Array, dimension: number, what: string): void {
  if (!(vector instanceof Float32Array)) throw new Error(`expected ${what} to be a Float32Array, got ${describe(vector)}`);
  if (vector.length !== dimension) throw new Error(`expected ${what} to have length ${dimension}, got ${vector.length}`);
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw new Error(`expected finite numbers in ${what}, got ${vector[i]} at position ${i}`);
  }
}

/** Euclidean length, accumulated in float64. */
export function vectorNorm(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}

/**
 * A unit-length copy of `vector`, for cosine similarity (which is then a dot product).
 * The zero vector has no direction: it is refused rather than silently matching nothing.
 */
export function normalized(vector: Float32Array, what: string): Float32Array {
  const norm = vectorNorm(vector);
  if (norm === 0) throw new Error(`cannot use ${what} with the cosine metric: it is the zero vector, which has no direction`);
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] / norm;
  return out;
}

/** Dot product of `a` and row `row` of a (rows × dim) matrix. */
export function dotRow(a: Float32Array, matrix: Float32Array, row: number): number {
  const dim = a.length;
  const offset = row * dim;
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += a[i] * matrix[offset + i];
  return sum;
}

/** Squared euclidean distance between `a` and row `row` of a (rows × dim) matrix. */
export function squaredDistanceRow(a: Float32Array, matrix: Float32Array, row: number): number {
  const dim = a.length;
  const offset = row * dim;
  let sum = 0;
  for (let i = 0; i < dim; i++) {
    const d = a[i] - matrix[offset + i];
    sum += d * d;
  }
  return sum;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
