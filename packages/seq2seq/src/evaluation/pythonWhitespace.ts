// sacrebleu splits and strips with Python's `str.split()` / `str.rstrip()`,
// whose whitespace set differs from JavaScript's `\s`: Python also counts the
// information separators U+001C..U+001F and NEL (U+0085), and does not count the
// BOM (U+FEFF). Using exactly Python's set keeps token counts, and so scores,
// identical to sacrebleu on unusual input.
const WHITESPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WHITESPACE_RUN = new RegExp(`[${WHITESPACE_CLASS}]+`, 'g');
const TRAILING_WHITESPACE = new RegExp(`[${WHITESPACE_CLASS}]+$`);

/** Splits on runs of whitespace and drops empty pieces, like Python's `s.split()`. */
export function splitWhitespace(s: string): string[] {
  return s.split(WHITESPACE_RUN).filter((piece) => piece.length > 0);
}

/** Removes trailing whitespace, like Python's `s.rstrip()`. */
export function trimEndWhitespace(s: string): string {
  return s.replace(TRAILING_WHITESPACE, '');
}

/** Removes all whitespace, like Python's `''.join(s.split())`. */
export function removeWhitespace(s: string): string {
  return s.replace(WHITESPACE_RUN, '');
}
