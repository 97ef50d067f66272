import type { VectorIndex } from './VectorIndex';

/** What {@link measureIndexRecall} found. */
export interface IndexRecall {
  /** Mean over queries of |approximate top-k ∩ exact top-k| / |exact top-k|, in [0, 1]. */
  recall: number;
  k: number;
  queries: number;
  /** The lowest per-query recall, to spot queries the approximate index handles badly. */
  worst: number;
}

/**
 * Recall@k of an approximate index against exact search on the same vectors:
 * for each query, the share of the true k nearest neighbours (by `exact`) that
 * `approximate` also returns in its top k. Both indexes must hold the same keys.
 *
 * @example
 * const r = measureIndexRecall(hnsw, exactIndex, sampleQueries, 10); // { recall: 0.98, ... }
 */
export function measureIndexRecall(approximate: VectorIndex, exact: VectorIndex, queries: readonly Float32Array[], k: number): IndexRecall {
  if (queries.length === 0) throw new Error('expected at least one query to measure recall on, got none');
  if (approximate.size !== exact.size) {
    throw new Error(`expected both indexes to hold the same vectors, got ${approximate.size} (${approximate.kind}) and ${exact.size} (${exact.kind})`);
  }
  let total = 0;
  let worst = 1;
  for (const query of queries) {
    const truth = exact.search(query, k).map((m) => m.key);
    if (truth.length === 0) continue;
    const found = new Set(approximate.search(query, k).map((m) => m.key));
    const recall = truth.filter((key) => found.has(key)).length / truth.length;
    total += recall;
    worst = Math.min(worst, recall);
  }
  return { recall: total / queries.length, k, queries: queries.length, worst };
}
