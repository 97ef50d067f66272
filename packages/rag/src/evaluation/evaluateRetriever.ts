import type { Retriever } from '../types';
import { reciprocalRank, retrievalMetrics, type RetrievalMetrics } from './retrievalMetrics';

/** A query with the passage ids that answer it. */
export interface RetrievalQuery {
  /** For reports; e.g. the SQuAD question id. */
  id?: string;
  query: string;
  relevant: readonly string[];
}

/** How one query went. */
export interface QueryOutcome {
  query: RetrievalQuery;
  /** Retrieved ids, best first. */
  retrieved: string[];
  /** 1-based rank of the first relevant id, or null if it was not retrieved. */
  firstRelevantRank: number | null;
}

/** Metrics plus the per-query outcomes behind them. */
export interface RetrievalEvaluation extends RetrievalMetrics {
  retriever: string;
  depth: number;
  outcomes: QueryOutcome[];
}

/** Options of {@link evaluateRetriever}. */
export interface EvaluateRetrieverOptions {
  /** The k of recall@k. Default [1, 5, 10]. */
  ks?: readonly number[];
  /** Results fetched per query (MRR sees this deep). Default: the largest k. */
  depth?: number;
  /** Called after each query. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every query through `retriever` and scores the rankings by passage id:
 * recall@k and MRR (see `retrievalMetrics`), with each query's outcome for error analysis.
 *
 * @example
 * const { questions, passages } = loadQaDataset(dir);
 * const result = await evaluateRetriever(new BM25Retriever(passages), qaRetrievalQueries(questions));
 * console.log(result.recall[5], result.mrr);
 */
export async function evaluateRetriever(
  retriever: Retriever,
  queries: readonly RetrievalQuery[],
  options: EvaluateRetrieverOptions = {},
): Promise<RetrievalEvaluation> {
  const ks = options.ks ?? [1, 5, 10];
  const depth = options.depth ?? Math.max(...ks);
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`expected depth to be a positive integer, got ${options.depth}`);
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const retrieved = (await retriever.search(query.query, depth)).map((r) => r.passage.id);
    const rr = reciprocalRank(retrieved, query.relevant);
    outcomes.push({ query, retrieved, firstRelevantRank: rr === 0 ? null : Math.round(1 / rr) });
    options.onProgress?.(outcomes.length, queries.length);
  }
  const metrics = retrievalMetrics(
    outcomes.map((o) => ({ retrieved: o.retrieved, relevant: o.query.relevant })),
    ks,
  );
  return { ...metrics, retriever: retriever.name, depth, outcomes };
}
