import { joinWords, normalizeWordText, splitWords } from './wordSplitting';

describe('joinWords', () => {
  test('no space before closing punctuation or after opening brackets', () => {
    expect(joinWords(['Hello', ',', 'world', '(', 'again', ')', '!'])).toBe('Hello, world (again)!');
    expect(joinWords(['50', '%', 'done', '…', '¿', 'Qué', '?'])).toBe('50% done… ¿Qué?');
  });

  test('straight quotes alternate between opening and closing, per quote character', () => {
    expect(joinWords(['He', 'said', '"', 'hi', '"', 'and', "'", 'bye', "'", '.'])).toBe(`He said "hi" and 'bye'.`);
    expect(joinWords(['"', 'a', "'", 'b', '"', 'c', "'"])).toBe(`"a 'b" c'`);
  });

  test('keeps a space where gluing would change the tokens: a leading combining mark after a bracket', () => {
    const tokens = ['(', '\u0301x', ')'];
    expect(joinWords(tokens)).toBe('( \u0301x)');
    expect(splitWords(joinWords(tokens))).toEqual(tokens);
    expect(splitWords('(\u0301x')).toEqual(['(\u0301', 'x']); // what gluing would have produced
  });
});

describe('normalizeWordText', () => {
  test('NFC always, lower-case on request', () => {
    expect(normalizeWordText('A\u030Angstro\u0308m', false)).toBe('\u00C5ngstr\u00F6m');
    expect(normalizeWordText('A\u030Angstro\u0308m', true)).toBe('\u00E5ngstr\u00F6m');
  });
});
