import { splitWhitespace } from './pythonWhitespace';

// The four rules of mteval-v13a.pl's tokenizer, as sacrebleu's `TokenizerRegexp`
// applies them, in order.
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // ASCII punctuation and symbols become tokens, except ' , - . (handled below)
  [/([{-~\[-` -&(-+:-@\/])/gu, ' $1 '],
  // period and comma, unless preceded by a digit ...
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // ... or unless followed by a digit, so 3.50 and 3,000 stay whole
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // a dash after a digit: 1990-2000 → 1990 - 2000
  [/([0-9])(-)/gu, '$1 $2 '],
];

/**
 * sacrebleu's default BLEU tokenizer ('13a'), equivalent to the one in WMT's
 * `mteval-v13a.pl`: removes `<skipped>`, joins `-\n` line breaks, unescapes
 * `&quot; &amp; &lt; &gt;`, then separates punctuation and symbols from words
 * while keeping numbers like `3.50`, `3,000` and hyphenated words whole.
 * Returns the tokens joined by single spaces, as sacrebleu does, so outputs
 * can be compared with `sacrebleu --tokenize 13a` directly.
 *
 * @example
 * tokenize13a('It costs $3.50, or 3,000 yen.');   // 'It costs $ 3.50 , or 3,000 yen .'
 */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  // Order matters and matches mteval: '&amp;lt;' becomes '<'.
  s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  // The padding lets the period/comma rules see a non-digit at either end.
  s = ` ${s} `;
  for (const [pattern, replacement] of RULES) s = s.replace(pattern, replacement);
  return splitWhitespace(s).join(' ');
}
