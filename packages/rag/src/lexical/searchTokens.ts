import { ENGLISH_STOP_WORDS } from './englishStopWords';
import { porterStem } from './porterStem';

/** How text is cut into search terms; documents and queries must use the same options. */
export interface SearchTokenOptions {
  /**
   * Words to drop after lowercasing: `true` for {@link ENGLISH_STOP_WORDS}, `false`
   * for none, or your own set (lowercase). Default true.
   */
  stopWords?: boolean | ReadonlySet<string>;
  /** Reduce words to their Porter stem (`connected` → `connect`). Default true. */
  stem?: boolean;
}

// A word: letters, combining marks and digits, optionally joined by apostrophes
// (`don't`, `o'clock`). Hyphens and other punctuation separate words, so
// `state-of-the-art` matches a query for `art`.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s$/;

/**
 * Text to search terms: Unicode NFKC (so full-width and ligature forms match their
 * plain spelling), lowercase, split into words, drop an English possessive `'s`,
 * drop stop words, then stem. The same analysis as Lucene's EnglishAnalyzer in
 * spirit (standard tokenizer, possessive filter, stop filter, Porter stemmer).
 *
 * @example
 * searchTokens("The Panthers' defense gave up 308 points") // ['panther', 'defens', 'gave', 'up', '308', 'point']
 */
export function searchTokens(text: string, options: SearchTokenOptions = {}): string[] {
  const stopWords = resolveStopWords(options.stopWords ?? true);
  const stem = options.stem ?? true;
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    let word = match[0].replace(POSSESSIVE, '').replace(/’/g, "'");
    if (stopWords.has(word)) continue;
    if (stem) word = porterStem(word);
    out.push(word);
  }
  return out;
}

function resolveStopWords(option: boolean | ReadonlySet<string>): ReadonlySet<string> {
  if (option === true) return ENGLISH_STOP_WORDS;
  if (option === false) return NO_WORDS;
  return option;
}

const NO_WORDS: ReadonlySet<string> = new Set();
