import { SPECIAL_TOKENS } from './Tokenizer';
import { WordTokenizer } from './WordTokenizer';
import { randomTexts, seededRandom } from './test-helpers/randomText';

const UNK = SPECIAL_TOKENS.UNK;

describe('WordTokenizer', () => {
  describe('normalisation and splitting', () => {
    const tok = WordTokenizer.fromTexts('');

    test('punctuation is split off; apostrophes and hyphens inside words stay', () => {
      expect(tok.tokenize("Don't stop—well-known, (really)! 'Tis 3.14")).toEqual([
        "Don't", 'stop', '—', 'well-known', ',', '(', 'really', ')', '!', "'", 'Tis', '3', '.', '14',
      ]);
    });

    test('any whitespace separates: tabs, newlines, U+00A0, U+202F, U+3000', () => {
      expect(tok.tokenize('a\tb\nc\u00A0d\u202F!\u3000e  ')).toEqual(['a', 'b', 'c', 'd', '!', 'e']);
    });

    test('NFC: composed and decomposed accents are the same word', () => {
      expect(tok.tokenize('caf\u00E9 cafe\u0301')).toEqual(['caf\u00E9', 'caf\u00E9']);
    });

    test('emoji sequences stay one token: modifiers, ZWJ families, flags, variation selectors', () => {
      expect(tok.tokenize('👋🏽👨\u200D👩\u200D👧🇫🇷🇩🇪❤\uFE0F')).toEqual(['👋🏽', '👨\u200D👩\u200D👧', '🇫🇷', '🇩🇪', '❤\uFE0F']);
    });

    test('CJK runs are words (no segmentation)', () => {
      expect(tok.tokenize('日本語、中文。')).toEqual(['日本語', '、', '中文', '。']);
    });

    test('lowercase only when asked', () => {
      const lower = WordTokenizer.fromTexts('', { lowercase: true });
      expect(lower.tokenize('The KING')).toEqual(['the', 'king']);
      expect(tok.tokenize('The KING')).toEqual(['The', 'KING']);
    });

    test('the text of a special token is ordinary text', () => {
      const t = WordTokenizer.fromTexts('<pad> pad');
      expect(t.tokenize('<pad>')).toEqual(['<', 'pad', '>']);
      expect(t.encode('<pad>').some((id) => id < 7)).toBe(false);
    });
  });

  describe('vocabulary', () => {
    const corpus = 'the cat the dog the cat a bird . .';

    test('ordered by frequency, ties in code-unit order, ids after the specials', () => {
      const tok = WordTokenizer.fromTexts(corpus);
      expect(tok.words).toEqual(['the', '.', 'cat', 'a', 'bird', 'dog']);
      expect(tok.vocabSize).toBe(13);
      expect(tok.encode('the cat')).toEqual([7, 9]);
      expect(tok.tokenToId('cat')).toBe(9);
      expect(tok.idToToken(9)).toBe('cat');
      expect(tok.idToToken(0)).toBe('<pad>');
      expect(tok.idToToken(13)).toBeUndefined();
    });

    test('maxVocabSize caps the total size (specials included), keeping the most frequent words', () => {
      const tok = WordTokenizer.fromTexts(corpus, { maxVocabSize: 10 });
      expect(tok.vocabSize).toBe(10);
      expect(tok.words).toEqual(['the', '.', 'cat']);
      expect(tok.encode('the dog')).toEqual([7, UNK]);
      // A cap above the number of distinct words changes nothing.
      expect(WordTokenizer.fromTexts(corpus, { maxVocabSize: 1000 }).words).toHaveLength(6);
    });

    test('minFrequency drops rare words', () => {
      expect(WordTokenizer.fromTexts(corpus, { minFrequency: 2 }).words).toEqual(['the', '.', 'cat']);
      expect(WordTokenizer.fromTexts(corpus, { minFrequency: 3 }).words).toEqual(['the']);
    });

    test('lowercase merges case variants and encodes any casing', () => {
      const tok = WordTokenizer.fromTexts('The the THE King', { lowercase: true });
      expect(tok.words).toEqual(['the', 'king']);
      expect(tok.encode('THE kInG')).toEqual([7, 8]);
      const cased = WordTokenizer.fromTexts('The the THE King');
      expect(cased.words).toEqual(['King', 'THE', 'The', 'the']);
      expect(cased.encode('king')).toEqual([UNK]);
    });

    test('unknown words encode to UNK, which decodes to <unk>', () => {
      const tok = WordTokenizer.fromTexts(corpus);
      expect(tok.encode('the zebra .')).toEqual([7, UNK, 8]);
      expect(tok.decode(tok.encode('the zebra.'))).toBe('the <unk>.');
    });

    test('rejects bad options and vocabularies', () => {
      expect(() => WordTokenizer.fromTexts(corpus, { maxVocabSize: 3 })).toThrow('expected maxVocabSize to be an integer >= 7');
      expect(() => WordTokenizer.fromTexts(corpus, { minFrequency: 0 })).toThrow('expected minFrequency to be an integer >= 1, got 0');
      expect(() => new WordTokenizer(['a b'])).toThrow('vocabulary entry 0 "a b" can never be produced by encode');
      expect(() => new WordTokenizer(['The'], { lowercase: true })).toThrow('can never be produced by encode');
      expect(() => new WordTokenizer(['a', 'a'])).toThrow('vocabulary entry 1 "a" repeats entry 0');
    });
  });

  describe('decode', () => {
    const text = 'He said, "Hello (world)!" She’s here: 50% done… ‘Really?’ ¿Qué? [a] {b} \'tis';
    const tok = WordTokenizer.fromTexts(text);

    test('joins with sensible spacing', () => {
      expect(tok.decode(tok.encode(text))).toBe(text);
      expect(tok.decode(tok.encode('He   said ,\n\n"Hello" !'))).toBe('He said, "Hello"!');
    });

    test('skips special ids unless keepSpecial', () => {
      const ids = [SPECIAL_TOKENS.BOS, ...tok.encode('He said'), SPECIAL_TOKENS.EOS];
      expect(tok.decode(ids)).toBe('He said');
      expect(tok.decode(ids, { keepSpecial: true })).toBe('<bos> He said <eos>');
    });

    test('rejects out-of-range ids', () => {
      expect(() => tok.decode([7, tok.vocabSize])).toThrow(`expected token ids in [0, ${tok.vocabSize}), got ${tok.vocabSize} at position 1`);
    });

    test('encode(decode(ids)) gives back any ids without specials, over random vocabularies', () => {
      for (const lowercase of [false, true]) {
        const texts = randomTexts(3, 300);
        const t = WordTokenizer.fromTexts(texts, { lowercase });
        const rand = seededRandom(4);
        // Half the draws come from tokens that do not start with a letter or
        // digit (punctuation, quotes, emoji, leading marks): the spacing rules
        // only matter around those.
        const tricky = t.words.filter((w) => /^[^\p{L}\p{N}]/u.test(w)).map((w) => t.tokenToId(w) as number);
        expect(tricky.length).toBeGreaterThan(50);
        const draw = () => (rand() < 0.5 ? tricky[Math.floor(rand() * tricky.length)] : 7 + Math.floor(rand() * (t.vocabSize - 7)));
        for (let trial = 0; trial < 2000; trial++) {
          const ids = Array.from({ length: Math.floor(rand() * 12) }, draw);
          expect(t.encode(t.decode(ids))).toEqual(ids);
        }
        // And decoding is stable: text → ids → text → ids is a fixed point after one step.
        for (const text of texts) {
          const ids = t.encode(text);
          expect(ids).not.toContain(UNK);
          expect(t.encode(t.decode(ids))).toEqual(ids);
        }
      }
    });
  });

  test('JSON round-trip gives equal encodings', () => {
    const texts = randomTexts(5, 100);
    for (const lowercase of [false, true]) {
      const tok = WordTokenizer.fromTexts(texts.slice(0, 50), { lowercase, minFrequency: 1 });
      const back = WordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
      expect(back.lowercase).toBe(lowercase);
      for (const text of texts) expect(back.encode(text)).toEqual(tok.encode(text));
    }
    expect(() => WordTokenizer.fromJSON({ kind: 'word', vocabSize: 8, words: [] , lowercase: false})).toThrow(
      'word tokenizer declares vocabSize 8, but its 0 words give 7',
    );
  });
});
