import { brownWord, joinBrownTokens } from './joinBrownTokens';

describe('brownWord', () => {
  test('strips the tag after the last slash, keeping slashes inside words', () => {
    expect(['The/at', "Atlanta's/np$", 'Jury/nn-tl', './.', '``/``', '1-1/2/cd', 'and/or/cc', "don't/do*"].map(brownWord)).toEqual([
      'The',
      "Atlanta's",
      'Jury',
      '.',
      '``',
      '1-1/2',
      'and/or',
      "don't",
    ]);
  });
});

describe('joinBrownTokens', () => {
  test('punctuation attaches to its word and `` \'\' become double quotes', () => {
    const words = ['The', 'jury', 'said', ',', '``', 'no', 'evidence', "''", '(', 'sic', ')', 'was', 'found', '.'];
    expect(joinBrownTokens(words)).toBe('The jury said, "no evidence" (sic) was found.');
  });

  test('lone single quotes alternate open/close; dashes keep their spaces', () => {
    expect(joinBrownTokens(['He', 'said', ',', "'", 'Go', "'", '--', 'then', 'left', '.'])).toBe("He said, 'Go' -- then left.");
  });

  test('an abbreviation at the end of a sentence gets one period', () => {
    expect(joinBrownTokens(['won', 'by', 'Ivan', 'Allen', 'Jr.', '.'])).toBe('won by Ivan Allen Jr.');
    expect(joinBrownTokens(['Wait', '.'])).toBe('Wait.');
  });
});
