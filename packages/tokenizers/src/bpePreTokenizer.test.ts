import { bpePreTokenize } from './bpePreTokenizer';
import { randomTexts } from './test-helpers/randomText';

describe('bpePreTokenize', () => {
  test('splits like GPT-2: words keep their leading space; a run of spaces leaves its last one to the next word', () => {
    expect(bpePreTokenize("Hello world!! It's 2024...   ok")).toEqual([
      'Hello', ' world', '!!', ' It', "'s", ' 2024', '...', '  ', ' ok',
    ]);
  });

  test('a run of line breaks is a piece of its own', () => {
    expect(bpePreTokenize('ok \n\n  bye\r\n\tx\n')).toEqual(['ok', ' ', '\n\n', ' ', ' bye', '\r\n', '\t', 'x', '\n']);
  });

  test('text cut after a line break splits as the whole text does', () => {
    const texts = randomTexts(12, 300);
    for (let i = 0; i + 1 < texts.length; i++) {
      const a = texts[i].replace(/[\r\n]+$/, '') + '\n';
      const b = texts[i + 1].replace(/^[\r\n]+/, '');
      expect(bpePreTokenize(a + b)).toEqual([...bpePreTokenize(a), ...bpePreTokenize(b)]);
    }
  });

  test('contractions in any case; combining marks stay in their word', () => {
    expect(bpePreTokenize("WE'LL they'Re")).toEqual(['WE', "'LL", ' they', "'Re"]);
    expect(bpePreTokenize('cafe\u0301 naïve')).toEqual(['cafe\u0301', ' naïve']);
  });

  test('Unicode spaces are whitespace pieces of their own: U+202F before French punctuation', () => {
    expect(bpePreTokenize('Quoi\u202F? Oui\u00A0!')).toEqual(['Quoi', '\u202F', '?', ' Oui', '\u00A0', '!']);
  });

  test('pieces always concatenate back to the input', () => {
    for (const text of [...randomTexts(11, 300), '', 'a\uD800b', '\uDC00']) {
      const pieces = bpePreTokenize(text);
      expect(pieces.join('')).toBe(text);
      expect(pieces.every((p) => p.length > 0)).toBe(true);
    }
  });
});
