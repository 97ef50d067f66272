import { normalizeAnswer } from '../evaluation/answerMetrics';
import type { PromptPassage } from './buildRagPrompt';

/** Options of {@link citePassages}. */
export interface CitationOptions {
  /**
   * When no shown passage contains the answer, cite the passages holding the largest
   * share of its words, if that share is at least this. Default 0.5; 1 cites containment only.
   */
  minSupport?: number;
}

/**
 * The citation rule: an answer cites every shown passage whose text contains it, compared
 * the way SQuAD scores answers (lower case, no punctuation or articles, whole words), so
 * "the Denver Broncos" is found in "…the Broncos (Denver Broncos) won…" only if the words
 * "denver broncos" occur together. When no passage contains it, the answer cites the
 * passages sharing the largest share of its words, provided that share reaches
 * `minSupport`; otherwise it cites nothing, and the generator treats it as unsupported.
 *
 * Only the text the model was shown counts (`PromptPassage.text`), so a citation always
 * points at something the model read. Returns the cited passages in prompt order.
 */
export function citePassages(answer: string, passages: readonly PromptPassage[], options: CitationOptions = {}): PromptPassage[] {
  const minSupport = options.minSupport ?? 0.5;
  if (!(minSupport > 0 && minSupport <= 1)) throw new Error(`citePassages: expected minSupport in (0, 1], got ${minSupport}`);
  const wanted = normalizeAnswer(answer);
  if (wanted.length === 0) return [];
  const containing = passages.filter((p) => ` ${normalizeAnswer(p.text)} `.includes(` ${wanted} `));
  if (containing.length > 0) return containing;
  const answerWords = new Set(wanted.split(' '));
  const support = passages.map((p) => {
    const words = new Set(normalizeAnswer(p.text).split(' '));
    let shared = 0;
    for (const w of answerWords) if (words.has(w)) shared++;
    return shared / answerWords.size;
  });
  const best = Math.max(0, ...support);
  if (best < minSupport) return [];
  return passages.filter((_, i) => support[i] === best);
}
