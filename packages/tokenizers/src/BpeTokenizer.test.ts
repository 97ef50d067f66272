import { BpeTokenizer } from './BpeTokenizer';
import { BPE_BYTE_ID_OFFSET, BPE_FIRST_MERGE_ID, mergePair } from './bpeTrainer';
import { bpePreTokenize } from './bpePreTokenizer';
import { SPECIAL_TOKENS } from './Tokenizer';
import { randomTexts, seededRandom } from './test-helpers/randomText';

const byteId = (ch: string) => ch.charCodeAt(0) + BPE_BYTE_ID_OFFSET;

/** GPT-2's encoder.py loop: merge the lowest-ranked pair everywhere, repeat. O(n²) but obviously right. */
function naiveEncode(tok: BpeTokenizer, text: string): number[] {
  const rank = new Map(tok.merges.map(([a, b], i) => [`${a},${b}`, BPE_FIRST_MERGE_ID + i]));
  const ids: number[] = [];
  for (const piece of bpePreTokenize(text)) {
    let sym = Array.from(Buffer.from(piece, 'utf8'), (b) => b + BPE_BYTE_ID_OFFSET);
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < sym.length; i++) best = Math.min(best, rank.get(`${sym[i]},${sym[i + 1]}`) ?? Infinity);
      if (best === Infinity) break;
      const [a, b] = tok.merges[best - BPE_FIRST_MERGE_ID];
      sym = mergePair(sym, a, b, best);
    }
    ids.push(...sym);
  }
  return ids;
}

const ENGLISH = [
  'First Citizen: Before we proceed any further, hear me speak.',
  "All: Speak, speak. You are all resolved rather to die than to famish? We know't, we know't.",
  'Let us kill him, and we\'ll have corn at our own price. Is\'t a verdict?',
];

describe('BpeTokenizer', () => {
  describe('training on a hand-checked corpus', () => {
    // Pieces: hug ×1, " hug" ×2, " pug", " pun", " bun", " hugs" (Ġ = space).
    // Pair counts: u g 5, h u 4, Ġ h 3, Ġ p 2, p u 2, u n 2, ...
    //   1. u+g (5)        → hug: h ug, Ġhug: Ġ h ug ×2, Ġ p ug, Ġ h ug s
    //   2. h+ug (4)       → hug ×1, Ġ hug ×2, Ġ hug s
    //   3. Ġ+hug (3)
    //   4. Ġ+p (2) ties u+n (2); Ġ (id 39) < u (id 124), so Ġ+p first
    //   5. u+n (2)
    // Then every pair occurs once: with the default minFrequency 2 training stops.
    const tok = BpeTokenizer.train(['hug hug hug pug pun bun hugs'], { vocabSize: 1000 });

    test('learns exactly these merges, in this order', () => {
      expect(tok.merges).toEqual([
        [byteId('u'), byteId('g')],
        [byteId('h'), 263],
        [byteId(' '), 264],
        [byteId(' '), byteId('p')],
        [byteId('u'), byteId('n')],
      ]);
      expect(tok.vocabSize).toBe(263 + 5);
      expect([263, 264, 265, 266, 267].map((id) => tok.idToToken(id))).toEqual(['ug', 'hug', 'Ġhug', 'Ġp', 'un']);
    });

    test('encodes words to exactly these tokens', () => {
      expect(tok.encode(' hugging')).toEqual([265, byteId('g'), byteId('i'), byteId('n'), byteId('g')]);
      expect(tok.encode(' hugging').map((id) => tok.idToToken(id))).toEqual(['Ġhug', 'g', 'i', 'n', 'g']);
      expect(tok.encode(' pug')).toEqual([266, 263]); // u+g (rank 1) before Ġ+p (rank 4)
      expect(tok.encode('pun')).toEqual([byteId('p'), 267]);
      // Merges never cross the pre-tokenizer's boundaries: "g" and " h" are separate pieces.
      expect(tok.encode('hug hug')).toEqual([264, 265]);
    });

    test('minFrequency 1 keeps merging pairs seen once', () => {
      const all = BpeTokenizer.train(['hug hug hug pug pun bun hugs'], { vocabSize: 1000, minFrequency: 1 });
      expect(all.merges.slice(0, 5)).toEqual(tok.merges);
      // Next: every pair has count 1; the smallest ids win: Ġ (39) + b (105).
      expect(all.merges[5]).toEqual([byteId(' '), byteId('b')]);
    });
  });

  describe('round-trips', () => {
    const tok = BpeTokenizer.train([...ENGLISH, ...randomTexts(31, 200)], { vocabSize: 600, minFrequency: 1 });

    test('decode(encode(s)) === s for many random Unicode strings, trained on or not', () => {
      expect(tok.vocabSize).toBe(600);
      for (const text of [...randomTexts(32, 500), ...ENGLISH]) {
        const ids = tok.encode(text);
        expect(ids.every((id) => id >= BPE_BYTE_ID_OFFSET && id < tok.vocabSize)).toBe(true);
        expect(tok.decode(ids)).toBe(text);
      }
    });

    test('the hard cases, one by one', () => {
      for (const text of [
        '', ' ', 'é', 'e\u0301', 'Ça va\u202F? Très bien\u202F!', '👨\u200D👩\u200D👧 🇫🇷 👋🏽', '日本語のテキスト',
        '\uFEFFleading BOM', 'tabs\tand\r\nnewlines\n', '\u0000\u0001\u007F', '\uFFFD', '\u{10FFFF}', ' '.repeat(1000),
      ]) {
        expect(tok.decode(tok.encode(text))).toBe(text);
      }
    });

    test('lone surrogates are encoded as U+FFFD (they have no UTF-8 form)', () => {
      expect(tok.encode('a\uD800b')).toEqual(tok.encode('a\uFFFDb'));
      expect(tok.decode(tok.encode('a\uD800b\uDFFF'))).toBe('a\uFFFDb\uFFFD');
      // A surrogate pair is not "lone": it is one astral code point.
      expect(tok.decode(tok.encode('\uD83D\uDE00'))).toBe('😀');
    });

    test('ids that cut a character in half decode to U+FFFD; decodeBytes gives the raw bytes', () => {
      const ids = tok.encode('😀'); // F0 9F 98 80
      const bytes = Array.from(tok.decodeBytes(ids));
      expect(bytes).toEqual([0xf0, 0x9f, 0x98, 0x80]);
      const cut = Array.from(Buffer.from([0xf0, 0x9f]), (b) => b + BPE_BYTE_ID_OFFSET);
      expect(tok.decode(cut)).toBe('\uFFFD');
    });
  });

  describe('encoding', () => {
    const tok = BpeTokenizer.train([...ENGLISH, ...randomTexts(41, 100)], { vocabSize: 500, minFrequency: 1 });

    test('matches the naive GPT-2 merge loop on random text and on long repetitive pieces', () => {
      const rand = seededRandom(42);
      const long = ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ' '.repeat(777), '!?'.repeat(300), 'abab'.repeat(100) + 'a'];
      for (const text of [...randomTexts(43, 300), ...ENGLISH, ...long]) {
        expect(tok.encode(text)).toEqual(naiveEncode(tok, text));
      }
      // Random strings over a tiny alphabet make many competing merges within a piece.
      for (let i = 0; i < 200; i++) {
        const text = Array.from({ length: Math.floor(rand() * 60) }, () => 'aeht '[Math.floor(rand() * 5)]).join('');
        expect(tok.encode(text)).toEqual(naiveEncode(tok, text));
      }
    });

    test('text cut after a line break encodes as the whole text does (chunked corpus encoding)', () => {
      const texts = randomTexts(45, 200);
      for (let i = 0; i + 1 < texts.length; i++) {
        const a = texts[i].replace(/[\r\n]+$/, '') + '\n';
        const b = texts[i + 1].replace(/^[\r\n]+/, '');
        expect(tok.encode(a + b)).toEqual([...tok.encode(a), ...tok.encode(b)]);
      }
    });

    test('the cache does not change results', () => {
      const texts = randomTexts(44, 100);
      const first = texts.map((t) => tok.encode(t));
      const second = texts.map((t) => tok.encode(t));
      expect(second).toEqual(first);
      const fresh = BpeTokenizer.fromJSON(tok.toJSON());
      expect(texts.map((t) => fresh.encode(t))).toEqual(first);
    });
  });

  describe('special tokens', () => {
    const tok = BpeTokenizer.train(['<pad> <unk> <bos> hello <pad><pad><pad>'], { vocabSize: 300, minFrequency: 1 });

    test('the text of a special token is never encoded as one', () => {
      const ids = tok.encode('<pad><bos><eos><unk> <mask>');
      expect(ids.some((id) => id < BPE_BYTE_ID_OFFSET)).toBe(false);
      expect(tok.decode(ids)).toBe('<pad><bos><eos><unk> <mask>');
    });

    test('decode skips specials unless keepSpecial; UNK always shows', () => {
      const hello = tok.encode('hello');
      const ids = [SPECIAL_TOKENS.BOS, ...hello, SPECIAL_TOKENS.UNK, SPECIAL_TOKENS.EOS, SPECIAL_TOKENS.PAD];
      expect(tok.decode(ids)).toBe('hello<unk>');
      expect(tok.decode(ids, { keepSpecial: true })).toBe('<bos>hello<unk><eos><pad>');
      // A rendered special between the bytes of a character splits it: E2 | 82 AC
      // are three invalid sequences (a cut lead byte, two stray continuation
      // bytes). A skipped special is as if absent.
      const euro = Array.from(Buffer.from('€', 'utf8'), (b) => b + BPE_BYTE_ID_OFFSET);
      const split = [euro[0], SPECIAL_TOKENS.SEP, euro[1], euro[2]];
      expect(tok.decode(split, { keepSpecial: true })).toBe('\uFFFD<sep>\uFFFD\uFFFD');
      expect(tok.decode(split)).toBe('€');
      expect(Array.from(tok.decodeBytes(split))).toEqual([0xe2, 0x82, 0xac]);
    });

    test('idToToken and tokenToId', () => {
      expect(tok.idToToken(SPECIAL_TOKENS.MASK)).toBe('<mask>');
      expect(tok.tokenToId('<mask>')).toBe(SPECIAL_TOKENS.MASK);
      expect(tok.idToToken(byteId(' '))).toBe('Ġ');
      expect(tok.tokenToId('Ġ')).toBe(byteId(' '));
      expect(tok.idToToken(tok.vocabSize)).toBeUndefined();
      expect(tok.idToToken(1.5)).toBeUndefined();
      for (let id = 0; id < tok.vocabSize; id++) expect(tok.tokenToId(tok.idToToken(id) as string)).toBeLessThanOrEqual(id);
    });
  });

  describe('JSON', () => {
    const tok = BpeTokenizer.train([...ENGLISH, ...randomTexts(51, 100)], { vocabSize: 400, minFrequency: 1 });

    test('round-trip gives equal encodings and a readable token list', () => {
      const json = JSON.parse(JSON.stringify(tok.toJSON()));
      expect(json.kind).toBe('bpe');
      expect(json.tokens).toHaveLength(400 - 263);
      const back = BpeTokenizer.fromJSON(json);
      expect(back.vocabSize).toBe(tok.vocabSize);
      for (const text of randomTexts(52, 200)) expect(back.encode(text)).toEqual(tok.encode(text));
    });

    test('rejects inconsistent files, saying what is wrong', () => {
      const json = tok.toJSON();
      expect(() => BpeTokenizer.fromJSON({ ...json, vocabSize: 999 })).toThrow('BPE tokenizer declares vocabSize 999, but its 137 merges give 400');
      const tokens = [...json.tokens];
      tokens[0] = 'xx';
      expect(() => BpeTokenizer.fromJSON({ ...json, tokens })).toThrow('BPE token 263 is spelled "xx"');
      expect(() => BpeTokenizer.fromJSON({ ...json, preTokenizer: 'other' })).toThrow("expected BPE preTokenizer 'tfzoo-gpt2-v1', got \"other\"");
      expect(() => new BpeTokenizer([[7, 263]])).toThrow('BPE merge 0 (creating id 263): expected right id in [7, 263), got 263');
      expect(() => new BpeTokenizer([[2, 8]])).toThrow('expected left id in [7, 263), got 2');
      expect(() => new BpeTokenizer([[7, 8], [7, 8]])).toThrow('BPE merge 1 (7, 8) repeats merge 0');
    });
  });

  test('rejects a vocabSize too small for the byte alphabet', () => {
    expect(() => BpeTokenizer.train(['abc'], { vocabSize: 100 })).toThrow(
      'expected vocabSize to be an integer >= 263 (7 special + 256 byte tokens), got 100',
    );
    expect(() => BpeTokenizer.train(['abc'], { vocabSize: 300, minFrequency: 0 })).toThrow('expected minFrequency to be an integer >= 1, got 0');
  });

  test('decode rejects out-of-range ids', () => {
    const tok = new BpeTokenizer([]);
    expect(() => tok.decode([7, 263])).toThrow('expected token ids in [0, 263), got 263 at position 1');
  });
});
