import type { SimilarityMetric } from '../types';
import { TopK } from './TopK';
import type { VectorIndex, VectorMatch } from './VectorIndex';
import { checkDimension, checkMetric, checkVector, dotRow, normalized, squaredDistanceRow } from './vectorMath';

/** Constructor arguments of {@link ExactVectorIndex}. */
export interface ExactVectorIndexArgs {
  /** Vector length. */
  dimension: number;
  /** `cosine` (vectors normalised at insert, scored by dot product) or `euclidean` (scored by −distance). */
  metric: SimilarityMetric;
  /** Rows to allocate up front; the matrix doubles when full. Default 64. */
  initialCapacity?: number;
}

/**
 * Exact nearest-neighbour search: all vectors live in one row-major Float32Array
 * matrix, (capacity, dimension), and a search scans every row. Exact and simple,
 * and fast enough for up to a few hundred thousand vectors of a few hundred
 * dimensions (a scan is one multiply-add per stored number).
 *
 * Removing a key moves the last row into its place, so rows stay dense and a
 * store can write `matrix` to disk as is; row order is therefore not insertion order.
 *
 * @example
 * const index = new ExactVectorIndex({ dimension: 3, metric: 'cosine' });
 * index.add([7, 8], [new Float32Array([1, 0, 0]), new Float32Array([0, 1, 0])]);
 * index.search(new Float32Array([1, 0.1, 0]), 1); // [{ key: 7, score: 0.995 }]
 */
export class ExactVectorIndex implements VectorIndex {
  readonly kind = 'exact';
  readonly exact = true;
  readonly dimension: number;
  readonly metric: SimilarityMetric;
  private data: Float32Array;
  private keys: number[] = [];
  private readonly rowOfKey = new Map<number, number>();

  constructor(args: ExactVectorIndexArgs) {
    this.dimension = checkDimension(args.dimension);
    this.metric = checkMetric(args.metric);
    const capacity = args.initialCapacity ?? 64;
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`expected initialCapacity to be an integer >= 0, got ${capacity}`);
    this.data = new Float32Array(capacity * this.dimension);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The stored vectors, (size, dimension) row-major; a view, valid until the next add or remove. Unit length under cosine. */
  get matrix(): Float32Array {
    return this.data.subarray(0, this.keys.length * this.dimension);
  }

  /** The key of each row of {@link matrix}. */
  rowKeys(): readonly number[] {
    return this.keys;
  }

  has(key: number): boolean {
    return this.rowOfKey.has(key);
  }

  /** A copy of the stored vector for `key` (normalised under cosine), or undefined. */
  vector(key: number): Float32Array | undefined {
    const row = this.rowOfKey.get(key);
    if (row === undefined) return undefined;
    return this.data.slice(row * this.dimension, (row + 1) * this.dimension);
  }

  add(keys: readonly number[], vectors: readonly Float32Array[]): void {
    if (keys.length !== vectors.length) throw new Error(`expected one vector per key, got ${keys.length} keys and ${vectors.length} vectors`);
    // Validate everything before changing anything, so a bad batch leaves the index as it was.
    const batch = new Set<number>();
    const rows = vectors.map((v, i) => {
      const key = keys[i];
      checkKey(key);
      if (this.rowOfKey.has(key) || batch.has(key)) throw new Error(`key ${key} is already in the index; remove it before adding it again`);
      batch.add(key);
      checkVector(v, this.dimension, `vector ${i} (key ${key})`);
      return this.metric === 'cosine' ? normalized(v, `vector ${i} (key ${key})`) : v;
    });
    this.reserve(this.keys.length + rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = this.keys.length;
      this.data.set(rows[i], row * this.dimension);
      this.keys.push(keys[i]);
      this.rowOfKey.set(keys[i], row);
    }
  }

  remove(keys: readonly number[]): number {
    let removed = 0;
    for (const key of keys) {
      const row = this.rowOfKey.get(key);
      if (row === undefined) continue;
      const last = this.keys.length - 1;
      if (row !== last) {
        const lastKey = this.keys[last];
        this.data.copyWithin(row * this.dimension, last * this.dimension, (last + 1) * this.dimension);
        this.keys[row] = lastKey;
        this.rowOfKey.set(lastKey, row);
      }
      this.keys.pop();
      this.rowOfKey.delete(key);
      removed++;
    }
    return removed;
  }

  search(query: Float32Array, k: number): VectorMatch[] {
    checkVector(query, this.dimension, 'the query vector');
    const top = new TopK(k);
    const n = this.keys.length;
    if (this.metric === 'cosine') {
      const q = normalized(query, 'the query vector');
      for (let row = 0; row < n; row++) top.push(row, dotRow(q, this.data, row));
    } else {
      // Ranked by squared distance (monotone in distance); the square root is taken for the k kept.
      for (let row = 0; row < n; row++) top.push(row, -squaredDistanceRow(query, this.data, row));
    }
    return top.sorted().map(({ id, score }) => ({
      key: this.keys[id],
      // 0 - x rather than -x, so an exact match scores 0 and not -0.
      score: this.metric === 'cosine' ? score : 0 - Math.sqrt(-score),
    }));
  }

  private reserve(rows: number): void {
    const needed = rows * this.dimension;
    if (needed <= this.data.length) return;
    const grown = new Float32Array(Math.max(needed, 2 * this.data.length, 64 * this.dimension));
    grown.set(this.matrix);
    this.data = grown;
  }
}

/** Throws unless `key` is a non-negative safe integer. */
export function checkKey(key: number): void {
  if (!Number.isSafeInteger(key) || key < 0) throw new Error(`expected keys to be non-negative safe integers, got ${key}`);
}
