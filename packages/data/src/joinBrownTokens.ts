// Tokens that attach to the word before them ("word ,") or after them ("( word").
const ATTACH_LEFT = new Set([',', '.', ';', ':', '?', '!', ')', ']', '}', "''", '%']);
const ATTACH_RIGHT = new Set(['(', '[', '{', '``']);

/**
 * The word of one Brown token `word/tag` (`Atlanta's/np$` → `Atlanta's`). The
 * tag is everything after the last slash, so words that hold a slash survive:
 * `1-1/2/cd` → `1-1/2`, `and/or/cc` → `and/or`.
 */
export function brownWord(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

/**
 * Joins Brown tokens into ordinary text: punctuation attaches to its word,
 * the corpus's ``…'' quote pairs become "…", and lone `'` quotes alternate
 * between opening and closing; a sentence-final `.` after an abbreviation
 * (`Jr.` `.`) is dropped:
 *
 *     ['``', 'no', 'evidence', "''", 'that', ',', 'he', 'said', '.']  →  '"no evidence" that, he said.'
 */
export function joinBrownTokens(words: readonly string[]): string {
  let out = '';
  let glueNext = true; // no space before the first word
  let singleQuoteOpen = false;
  let previous = '';
  for (const word of words) {
    // `Jr./np ./.` ends a sentence on an abbreviation: print one period, not two.
    if (word === '.' && previous.length > 1 && previous.endsWith('.')) continue;
    previous = word;
    let attachLeft = ATTACH_LEFT.has(word);
    let attachRight = ATTACH_RIGHT.has(word);
    if (word === "'") {
      attachLeft = singleQuoteOpen;
      attachRight = !singleQuoteOpen;
      singleQuoteOpen = !singleQuoteOpen;
    }
    const text = word === '``' || word === "''" ? '"' : word;
    out += glueNext || attachLeft ? text : ` ${text}`;
    glueNext = attachRight;
  }
  return out;
}
