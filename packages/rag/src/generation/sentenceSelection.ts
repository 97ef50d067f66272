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
 * The distinct content terms of a text: BM25's analysis (`searchTokens`: lower case,
 * Porter stems, so "founded" meets "founding") without stop words and question words.
 */
export function questionTerms(text: string): Set<string> {
  return new Set(searchTokens(text, { stopWords: IGNORED_WORDS }));
}

/** How many of the question's terms a piece of text contains. */
export function termOverlap(text: string, terms: ReadonlySet<string>): number {
  let count = 0;
  for (const w of questionTerms(text)) if (terms.has(w)) count++;
  return count;
}

/**
 * A weight for each question term: ln(1 + N / n), with N the number of sentences given
 * and n those holding the term (at least 1). A term in every sentence (the passage's
 * topic, "Panthers") says little about which sentence answers; a rare one says much.
 * Measured on the SQuAD questions of /work/shared/data/qa (top 3 BM25 passages), the
 * gold passage's best sentence holds the answer 81 % of the time with these weights, 79 %
 * with a plain count of shared terms.
 */
export function termWeights(terms: ReadonlySet<string>, sentences: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>([...terms].map((t) => [t, 0]));
  for (const s of sentences) for (const t of questionTerms(s)) if (counts.has(t)) counts.set(t, counts.get(t)! + 1);
  const n = Math.max(1, sentences.length);
  return new Map([...counts].map(([t, c]) => [t, Math.log(1 + n / Math.max(1, c))]));
}

/** The summed weights of the question terms a text contains. */
export function weightedOverlap(text: string, weights: ReadonlyMap<string, number>): number {
  let score = 0;
  for (const w of questionTerms(text)) score += weights.get(w) ?? 0;
  return score;
}

/**
 * The window of `width` consecutive words of `words` with the highest weighted overlap
 * (the earliest on ties): how a sentence too long for the window is cut.
 */
export function bestWordWindow(words: readonly string[], weights: ReadonlyMap<string, number>, width: number): [number, number] {
  const w = Math.max(1, Math.min(width, words.length));
  const hits = words.map((word) => weightedOverlap(word, weights));
  let current = hits.slice(0, w).reduce((a, b) => a + b, 0);
  let best = current;
  let bestStart = 0;
  for (let start = 1; start + w <= words.length; start++) {
    current += hits[start + w - 1] - hits[start - 1];
    if (current > best + 1e-12) {
      best = current;
      bestStart = start;
    }
  }
  return [bestStart, bestStart + w];
}
