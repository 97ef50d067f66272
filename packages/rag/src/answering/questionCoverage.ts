import type { BM25Retriever } from '../lexical/BM25Retriever';
import { searchTokens } from '../lexical/searchTokens';
import { questionTerms } from '../generation/sentenceSelection';
import type { ScoredPassage } from '../types';

/** A retrieved passage with how much of the question it covers, whatever ranked it. */
export interface JudgedPassage extends ScoredPassage {
  /**
   * The share of the question's content terms (`questionTerms`: no stop or question words)
   * the passage holds (title included), each term weighted by its BM25 idf (a term no
   * passage holds weighs as the rarest): in [0, 1].
   */
  coverage: number;
}

/**
 * Adds each hit's {@link JudgedPassage.coverage}: the relevance rule of `tfzoo rag ask`.
 * Scores from BM25, RRF or an embedder have no common absolute meaning (an RRF score
 * depends only on ranks; a short question's cosine to a long passage is small even when
 * it answers it), so relevance is judged on one fixed, readable scale whichever retriever
 * ranked the passages, and an off-topic question ("how do I bake bread?") covers little.
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
