import type { SimilarityMetric } from '../types';

/** One search hit of a {@link VectorIndex}. */
export interface VectorMatch {
  /** The key the vector was added under. */
  key: number;
  /** Higher is closer: cosine similarity, or the negated euclidean distance. */
  score: number;
}

/**
 * Nearest-neighbour search over vectors stored under integer keys. The exact
 * index (a Float32Array scan) and approximate ones (HNSW through a native library)
 * implement it, so a {@link VectorStore} can use either.
 *
 * Keys are non-negative safe integers chosen by the caller; adding a key that is
 * present is an error (remove it first), so an index never holds two vectors
 * for one key. For the `cosine` metric vectors are compared after normalising
 * them to unit length; the zero vector has no direction and is refused.
 */
export interface VectorIndex {
  /** What it is, for messages and store metadata: `exact`, `usearch-hnsw`. */
  readonly kind: string;
  readonly dimension: number;
  readonly metric: SimilarityMetric;
  /** Number of vectors held. */
  readonly size: number;
  /** Whether exact results are promised (an approximate index may miss true neighbours). */
  readonly exact: boolean;
  /** Adds vectors under new keys; vectors[i] goes under keys[i]. */
  add(keys: readonly number[], vectors: readonly Float32Array[]): void;
  /** Removes keys; keys that are not present are ignored. Returns how many were removed. */
  remove(keys: readonly number[]): number;
  has(key: number): boolean;
  /** The (up to) k nearest vectors to `query`, closest first; fewer when the index holds fewer. */
  search(query: Float32Array, k: number): VectorMatch[];
  /** Frees native memory, where there is any. */
  dispose?(): void;
}

/** Builds an empty index for a store: `(dimension, metric) => new ExactVectorIndex({ dimension, metric })`. */
export type VectorIndexFactory = (dimension: number, metric: SimilarityMetric) => VectorIndex;
