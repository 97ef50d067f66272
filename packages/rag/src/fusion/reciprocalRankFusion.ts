import type { ScoredPassage } from '../types';

/** Options of {@link reciprocalRankFusion}. */
export interface RankFusionOptions {
  /**
   * The RRF constant: a passage at rank r in one list adds weight / (k + r). Larger k
   * flattens the difference between top ranks. Default 60 (Cormack, Clarke and Büttcher, 2009).
   */
  k?: number;
  /** One weight per ranking (default 1 each), e.g. `[1, 0.5]` to trust the first retriever more. */
  weights?: readonly number[];
}

/**
 * Reciprocal rank fusion: merges rankings of the same collection (BM25 and a dense
 * retriever, say) by summing `weight_i / (k + rank_i)` over the lists a passage
 * appears in. Uses ranks only, so scores on different scales (BM25 vs cosine) need
 * no calibration. Passages are matched by id; ties go to the passage with the
 * better single rank, then to the earlier list. Returns every fused passage, best first,
 * with the fused score and a new 1-based rank.
 */
export function reciprocalRankFusion(rankings: readonly (readonly ScoredPassage[])[], options: RankFusionOptions = {}): ScoredPassage[] {
  const { k, weights } = resolveFusionOptions(rankings.length, options);

  interface Fused {
    item: ScoredPassage;
    score: number;
    bestRank: number;
    firstList: number;
  }
  const fused = new Map<string, Fused>();
  rankings.forEach((ranking, list) => {
    ranking.forEach((item, i) => {
      // Ranks as listed; a list is taken to be sorted best first.
      const rank = i + 1;
      const gain = weights[list] / (k + rank);
      const entry = fused.get(item.passage.id);
      if (entry === undefined) fused.set(item.passage.id, { item, score: gain, bestRank: rank, firstList: list });
      else {
        entry.score += gain;
        entry.bestRank = Math.min(entry.bestRank, rank);
      }
    });
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || a.firstList - b.firstList)
    .map((entry, i) => ({ passage: entry.item.passage, score: entry.score, rank: i + 1 }));
}

/** Checks fusion options for `lists` rankings and fills in the defaults. */
export function resolveFusionOptions(lists: number, options: RankFusionOptions): { k: number; weights: readonly number[] } {
  const k = options.k ?? 60;
  if (!(k >= 0) || !Number.isFinite(k)) throw new Error(`expected the RRF constant k >= 0, got ${options.k}`);
  const weights = options.weights ?? new Array<number>(lists).fill(1);
  if (weights.length !== lists) throw new Error(`expected one weight per ranking (${lists}), got ${weights.length} weights`);
  weights.forEach((w, i) => {
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`expected weights >= 0, got ${w} at index ${i}`);
  });
  return { k, weights };
}
