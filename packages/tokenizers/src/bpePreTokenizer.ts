/**
 * The split applied before byte-level BPE, so merges never cross a word
 * boundary (no token spans "e." or "d t"). It is GPT-2's pattern with three
 * changes:
 * - contractions match in any case (`'S` as well as `'s`, as in later OpenAI
 *   patterns);
 * - combining marks count as letters, so a word written with decomposed
 *   accents (`e` + U+0301) stays one piece;
 * - a run of line breaks (`\n`, `\r`) is a piece of its own and other
 *   whitespace never joins it. So text cut just after a line break encodes
 *   piece by piece exactly as the whole text does: `encode(a + b)` equals
 *   `encode(a)` followed by `encode(b)` whenever `a` ends with a line break
 *   and `b` does not start with one. Data loaders rely on this to encode
 *   large files in chunks of lines.
 *
 * Pieces, in order of preference at each position:
 * - an English contraction suffix: `'s 't 're 've 'm 'll 'd`;
 * - an optional space, then letters and combining marks;
 * - an optional space, then digits;
 * - an optional space, then other characters (punctuation, symbols, emoji);
 * - a run of line breaks;
 * - other whitespace not followed by a non-space (so the last space of a run joins the next word);
 * - any remaining whitespace.
 *
 * Only U+0020 is the optional leading space of a word; other whitespace (tab,
 * U+00A0, U+202F) forms pieces of its own, e.g. `Quoi\u202F?` splits into
 * `Quoi`, `\u202F`, `?`, as in GPT-2 (`\s` includes the Unicode spaces).
 * The pieces always concatenate back to the input.
 */
export const BPE_SPLIT_PATTERN =
  /'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])| ?[\p{L}\p{M}]+| ?\p{N}+| ?[^\s\p{L}\p{M}\p{N}]+|[\r\n]+|[^\S\r\n]+(?!\S)|[^\S\r\n]+/gu;

/** Splits text into the pieces BPE merges within; `pieces.join('') === text`. */
export function bpePreTokenize(text: string): string[] {
  return text.match(BPE_SPLIT_PATTERN) ?? [];
}
