import { CharTokenizer } from './CharTokenizer';
import { SPECIAL_TOKENS } from './Tokenizer';
import { randomTexts } from './test-helpers/randomText';

describe('CharTokenizer', () => {
  test('vocabulary: code points sorted by code point, ids after the special tokens', () => {
    const tok = CharTokenizer.fromTexts(['bca', 'a😀\uFFFF']);
    // U+FFFF sorts before U+1F600 by code point, though not by UTF-16 code unit.
    expect(tok.chars).toEqual(['a', 'b', 'c', '\uFFFF', '😀']);
    expect(tok.vocabSize).toBe(7 + 5);
    expect(tok.encode('abc😀')).toEqual([7, 8, 9, 11]);
    expect(tok.idToToken(11)).toBe('😀');
    expect(tok.tokenToId('😀')).toBe(11);
    expect(tok.idToToken(2)).toBe('<bos>');
    expect(tok.tokenToId('<eos>')).toBe(3);
    expect(tok.idToToken(12)).toBeUndefined();
    expect(tok.tokenToId('z')).toBeUndefined();
  });

  test('a single string is one text, not a list of characters', () => {
    expect(CharTokenizer.fromTexts('hello').chars).toEqual(['e', 'h', 'l', 'o']);
  });

  test('round-trips many random Unicode strings exactly (emoji, combining accents, U+202F, CJK, tabs)', () => {
    const texts = randomTexts(1, 400);
    const tok = CharTokenizer.fromTexts(texts);
    for (const text of texts) {
      const ids = tok.encode(text);
      expect(ids).toHaveLength([...text].length);
      expect(ids.every((id) => id >= 7 && id < tok.vocabSize)).toBe(true);
      expect(tok.decode(ids)).toBe(text);
    }
  });

  test('lone surrogates are code points of their own and round-trip', () => {
    const text = 'a\uD800b\uDFFF';
    const tok = CharTokenizer.fromTexts(text);
    expect(tok.encode(text)).toHaveLength(4);
    expect(tok.decode(tok.encode(text))).toBe(text);
  });

  test('unknown characters encode to UNK, which decodes to <unk>', () => {
    const tok = CharTokenizer.fromTexts('ab');
    expect(tok.encode('abz😀')).toEqual([7, 8, SPECIAL_TOKENS.UNK, SPECIAL_TOKENS.UNK]);
    expect(tok.decode(tok.encode('azb'))).toBe('a<unk>b');
  });

  test('the text of a special token is ordinary text', () => {
    const tok = CharTokenizer.fromTexts('<pad>');
    const ids = tok.encode('<pad>');
    expect(ids).toHaveLength(5);
    expect(ids.some((id) => id < 7)).toBe(false);
    expect(tok.decode(ids)).toBe('<pad>');
  });

  test('decode skips special ids unless keepSpecial', () => {
    const tok = CharTokenizer.fromTexts('hi');
    const ids = [SPECIAL_TOKENS.BOS, 8, 7, SPECIAL_TOKENS.EOS, SPECIAL_TOKENS.PAD];
    expect(tok.decode(ids)).toBe('ih');
    expect(tok.decode(ids, { keepSpecial: true })).toBe('<bos>ih<eos><pad>');
  });

  test('decode rejects out-of-range ids, naming the id and position', () => {
    const tok = CharTokenizer.fromTexts('abc');
    expect(() => tok.decode([7, 8, 10])).toThrow('expected token ids in [0, 10), got 10 at position 2');
  });

  test('JSON round-trip gives equal encodings', () => {
    const texts = randomTexts(2, 50);
    const tok = CharTokenizer.fromTexts(texts);
    const back = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.vocabSize).toBe(tok.vocabSize);
    for (const text of texts) expect(back.encode(text)).toEqual(tok.encode(text));
  });

  test('rejects bad vocabularies', () => {
    expect(() => new CharTokenizer(['a', 'bc'])).toThrow('expected vocabulary entry 1 to be a single code point, got "bc"');
    expect(() => new CharTokenizer(['a', 'b', 'a'])).toThrow('vocabulary entry 2 "a" repeats entry 0');
    expect(() => CharTokenizer.fromJSON({ kind: 'char', vocabSize: 9, chars: ['a'] })).toThrow(
      'char tokenizer declares vocabSize 9, but its 1 chars give 8',
    );
  });
});
