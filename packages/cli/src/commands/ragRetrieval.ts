import { BM25Retriever, DenseRetriever, HybridRetriever, questionTerms, searchTokens, splitSentences, type Embedder, type Retriever, type ScoredPassage, type VectorStore } from '@tfzoo/rag';

/** Which ranking `ask` and `eval` use. */
export type RetrieverName = 'hybrid' | 'bm25' | 'dense';
export const RETRIEVER_NAMES: readonly RetrieverName[] = ['hybrid', 'bm25', 'dense'];

/**
 * Weight of the dense ranking (BM25's is 1) and the RRF constant of the hybrid. On the
 * SQuAD pool with distractors (examples/rag), equal weights at k 60 fell below BM25 alone
 * (recall@5 0.920 against 0.945): the default hashing embedder is lexical too, and weaker.
 * Weight 0.3 at k 10 lets it break BM25's near-ties instead (0.946, MRR 0.877 against 0.873).
 */
export const HYBRID_DENSE_WEIGHT = 0.3;
export const HYBRID_RRF_K = 10;

/**
 * The retrievers over one store: BM25 over its passages (rebuilt on open, well under a
 * second for thousands of passages), dense search of its vectors, and their weighted
 * reciprocal rank fusion.
 */
export function storeRetrievers(store: VectorStore, embedder: Embedder): Record<RetrieverName, Retriever> & { bm25: BM25Retriever } {
  const bm25 = new BM25Retriever(store.passages());
  const dense = new DenseRetriever(store, embedder);
  return { bm25, dense, hybrid: new HybridRetriever([bm25, { retriever: dense, weight: HYBRID_DENSE_WEIGHT }], { name: 'hybrid', k: HYBRID_RRF_K }) };
}

/** A retrieved passage with how much of the question it covers, whatever ranked it. */
export interface JudgedPassage extends ScoredPassage {
  /**
   * The share of the question's content terms (`questionTerms`: no stop or question words) the passage contains, each term weighted by
   * its BM25 idf (a term no passage holds weighs as the rarest): in [0, 1], and what
   * `--min-score` thresholds.
   */
  coverage: number;
}

/**
 * Adds each hit's {@link JudgedPassage.coverage}. Scores from BM25, RRF or an embedder
 * have no common absolute meaning (an RRF score depends only on ranks; a short question's
 * cosine to a long passage is small even when it answers it), so relevance is judged on
 * one fixed, readable scale whichever retriever ranked the passages.
 */
export function judgeHits(bm25: BM25Retriever, question: string, hits: readonly ScoredPassage[]): JudgedPassage[] {
  const terms = [...questionTerms(question)];
  const rarest = Math.log(1 + (bm25.size + 0.5) / 0.5);
  const weights = terms.map((t) => bm25.idf(t) || rarest);
  const total = weights.reduce((a, b) => a + b, 0);
  return hits.map((hit) => {
    const words = new Set(searchTokens(hit.passage.title ? `${hit.passage.title}\n${hit.passage.text}` : hit.passage.text));
    const covered = terms.reduce((sum, t, i) => sum + (words.has(t) ? weights[i] : 0), 0);
    return { ...hit, coverage: total > 0 ? covered / total : 0 };
  });
}

/** What {@link extractSentence} picked: the sentence and the hit it came from. */
export interface SentenceAnswer {
  sentence: string;
  hit: JudgedPassage;
}

/**
 * The answer of a store without a trained generator: among the relevant hits, the
 * sentence containing the most question terms (stemmed, stop words dropped), preferring
 * the better-ranked passage and then the earlier sentence. Null when no sentence shares
 * a term with the question.
 */
export function extractSentence(question: string, hits: readonly JudgedPassage[]): SentenceAnswer | null {
  const terms = questionTerms(question);
  let best: SentenceAnswer | null = null;
  let bestOverlap = 0;
  for (const hit of hits) {
    for (const sentence of splitSentences(hit.passage.text)) {
      let overlap = 0;
      for (const t of questionTerms(sentence)) if (terms.has(t)) overlap++;
      if (overlap > bestOverlap) {
        best = { sentence, hit };
        bestOverlap = overlap;
      }
    }
  }
  return best;
}
