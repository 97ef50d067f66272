/** One query's result list and the ids that count as correct for it. */
export interface RetrievalJudgement {
  /** Passage ids as retrieved, best first. */
  retrieved: readonly string[];
  /** The relevant passage ids (for SQuAD, the one passage the question was written for). */
  relevant: readonly string[];
}

/** Retrieval quality averaged over queries, each value in [0, 1]. */
export interface RetrievalMetrics {
  /** recall[k]: mean share of each query's relevant ids found in its top k. */
  recall: Record<number, number>;
  /** Mean reciprocal rank of the first relevant id (0 for a query with none retrieved). */
  mrr: number;
  queries: number;
}

/** The share of `relevant` ids among the first k of `retrieved`. */
export function recallAtK(retrieved: readonly string[], relevant: readonly string[], k: number): number {
  if (relevant.length === 0) throw new Error('expected at least one relevant id per query, got none');
  const top = new Set(retrieved.slice(0, k));
  const wanted = new Set(relevant);
  let found = 0;
  for (const id of wanted) if (top.has(id)) found++;
  return found / wanted.size;
}

/** 1 / (1-based rank of the first relevant id), or 0 when none was retrieved. */
export function reciprocalRank(retrieved: readonly string[], relevant: readonly string[]): number {
  const wanted = new Set(relevant);
  const i = retrieved.findIndex((id) => wanted.has(id));
  return i === -1 ? 0 : 1 / (i + 1);
}

/**
 * Recall@k for each k in `ks` and MRR, averaged over queries. With one relevant
 * passage per query (SQuAD) recall@k is the hit rate: did it appear in the top k.
 * MRR only sees as deep as each `retrieved` list goes (MRR@depth).
 */
export function retrievalMetrics(judgements: readonly RetrievalJudgement[], ks: readonly number[] = [1, 5, 10]): RetrievalMetrics {
  if (judgements.length === 0) throw new Error('expected at least one query to evaluate, got none');
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new Error(`expected each k to be a positive integer, got ${k}`);
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = 0;
  let mrr = 0;
  for (const { retrieved, relevant } of judgements) {
    for (const k of ks) recall[k] += recallAtK(retrieved, relevant, k);
    mrr += reciprocalRank(retrieved, relevant);
  }
  for (const k of ks) recall[k] /= judgements.length;
  return { recall, mrr: mrr / judgements.length, queries: judgements.length };
}
