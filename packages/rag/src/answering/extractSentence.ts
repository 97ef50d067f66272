import { questionTerms, splitSentences } from '../generation/sentenceSelection';
import type { ScoredPassage } from '../types';

/** What {@link extractSentence} picked: the sentence, the hit it came from and that hit's 1-based position (its citation). */
export interface SentenceAnswer<H extends ScoredPassage = ScoredPassage> {
  sentence: string;
  hit: H;
  citation: number;
}

/**
 * The answer of a store without a trained generator: the sentence of `hits` containing
 * the most question terms (stemmed, stop words dropped), preferring the better-ranked
 * passage and then the earlier sentence on ties. Null when no sentence shares a term
 * with the question. A sentence is not a short answer span, but it is always grounded.
 */
export function extractSentence<H extends ScoredPassage>(question: string, hits: readonly H[]): SentenceAnswer<H> | null {
  const terms = questionTerms(question);
  let best: SentenceAnswer<H> | null = null;
  let bestOverlap = 0;
  hits.forEach((hit, i) => {
    for (const sentence of splitSentences(hit.passage.text)) {
      let overlap = 0;
      for (const t of questionTerms(sentence)) if (terms.has(t)) overlap++;
      if (overlap > bestOverlap) {
        best = { sentence, hit, citation: i + 1 };
        bestOverlap = overlap;
      }
    }
  });
  return best;
}
