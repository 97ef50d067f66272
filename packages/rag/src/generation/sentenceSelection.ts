import { ENGLISH_STOP_WORDS } from '../lexical/englishStopWords';
import { searchTokens } from '../lexical/searchTokens';

/**
 * Splits a passage into sentences: a break after `.`, `!` or `?` (optionally followed by
 * a closing quote or bracket) and whitespace, before an upper-case letter, a digit or an
 * opening quote or bracket. Good enough for encyclopaedic prose; an abbreviation such as
 * "U.S. Army" is sometimes split, which only makes a piece shorter. The pieces joined
 * with single spaces give back the (whitespace-collapsed) text.
 */
export function splitSentences(text: string): string[] {
  const collapsed = collapseWhitespace(text);
  if (collapsed.length === 0) return [];
  return collapsed.split(/(?<=[.!?]["'”’)\]]?)\s+(?=["'“‘(\[]?[\p{Lu}\p{N}])/u);
}

/** Runs of whitespace (newlines included) become one space; ends are trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Words that ask rather than say: a passage sentence containing "did" or "many" is no
 * more likely to hold the answer.
 */
const QUESTION_WORDS = ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'many', 'much', 'did', 'does', 'do', 'were', 'has', 'have', 'had'];
const IGNORED_WORDS: ReadonlySet<string> = new Set([...ENGLISH_STOP_WORDS, ...QUESTION_WORDS]);

/**
 * The distinct content terms of a question: BM25's analysis (`searchTokens`: lower case,
 * Porter stems, so "founded" meets "founding") without stop words and question words.
 */
export function questionTerms(question: string): Set<string> {
  return new Set(contentWords(question));
}

/** How many of the question's terms a piece of text contains. */
export function termOverlap(text: string, terms: ReadonlySet<string>): number {
  let count = 0;
  for (const w of new Set(contentWords(text))) if (terms.has(w)) count++;
  return count;
}

function contentWords(text: string): string[] {
  return searchTokens(text, { stopWords: IGNORED_WORDS });
}

/**
 * Picks the sentences to show when a passage does not fit its token budget: most
 * question terms first (earlier sentence on ties), each added if the selection still
 * fits, and returned in passage order. `cost(indices)` gives the tokens a selection
 * takes (sentences plus the separators between non-adjacent ones). Returns [] when even
 * the best sentence alone does not fit.
 */
export function selectSentences(sentences: readonly string[], terms: ReadonlySet<string>, budget: number, cost: (indices: readonly number[]) => number): number[] {
  const ranked = sentences.map((s, i) => ({ i, score: termOverlap(s, terms) })).sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen: number[] = [];
  for (const { i } of ranked) {
    const trial = [...chosen, i].sort((a, b) => a - b);
    if (cost(trial) <= budget) chosen.splice(0, chosen.length, ...trial);
  }
  return chosen;
}

/**
 * The window of `width` consecutive words of `words` holding the most question terms
 * (the earliest on ties): how a sentence too long for its budget is cut.
 */
export function bestWordWindow(words: readonly string[], terms: ReadonlySet<string>, width: number): [number, number] {
  const w = Math.max(1, Math.min(width, words.length));
  const hits = words.map((word) => termOverlap(word, terms));
  let current = hits.slice(0, w).reduce((a, b) => a + b, 0);
  let best = current;
  let bestStart = 0;
  for (let start = 1; start + w <= words.length; start++) {
    current += hits[start + w - 1] - hits[start - 1];
    if (current > best) {
      best = current;
      bestStart = start;
    }
  }
  return [bestStart, bestStart + w];
}
