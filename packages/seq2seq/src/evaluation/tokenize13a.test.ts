import { tokenize13a } from './tokenize13a';

// Expected outputs worked out from the mteval-v13a rules (and checked against
// sacrebleu 2.6.0's Tokenizer13a).
describe('tokenize13a', () => {
  it('splits punctuation and symbols off words', () => {
    expect(tokenize13a('Hello, world!')).toBe('Hello , world !');
    expect(tokenize13a('(a) [b] {c} "d" <e> #f @g')).toBe('( a ) [ b ] { c } " d " < e > # f @ g');
    expect(tokenize13a('a/b a\\b a^b a_b a`b a|b a~b')).toBe('a / b a \\ b a ^ b a _ b a ` b a | b a ~ b');
  });

  it('keeps apostrophes and hyphens inside words', () => {
    expect(tokenize13a("don't over-the-top")).toBe("don't over-the-top");
  });

  it('keeps periods and commas between digits, and splits them elsewhere', () => {
    expect(tokenize13a('It costs $3.50, or 3,000 yen.')).toBe('It costs $ 3.50 , or 3,000 yen .');
    // Only a digit *before* the point protects it: ".5" splits, "5." at the end splits too.
    expect(tokenize13a('.5 and 5.')).toBe('. 5 and 5 .');
    expect(tokenize13a('e.g.')).toBe('e . g .');
  });

  it('splits a dash after a digit', () => {
    expect(tokenize13a('1990-2000 and A-1')).toBe('1990 - 2000 and A-1');
  });

  it('unescapes the four XML entities, in mteval order', () => {
    expect(tokenize13a('&quot;x&quot; &amp; &lt;y&gt;')).toBe('" x " & < y >');
    // '&amp;' is decoded before '&lt;', so a double-escaped '&amp;lt;' ends as '<'.
    expect(tokenize13a('&amp;lt;')).toBe('<');
  });

  it('drops <skipped>, joins hyphenated line breaks and collapses whitespace', () => {
    expect(tokenize13a('a <skipped> b')).toBe('a b');
    expect(tokenize13a('line-\nbreak\nnext')).toBe('linebreak next');
    expect(tokenize13a('  a \t  b  ')).toBe('a b');
    expect(tokenize13a('')).toBe('');
  });

  it('leaves non-ASCII text alone, without splitting surrogate pairs', () => {
    expect(tokenize13a('café «ok» 😀.')).toBe('café «ok» 😀 .');
  });
});
