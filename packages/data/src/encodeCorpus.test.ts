import { SPECIAL_TOKENS, type Tokenizer } from '@tfzoo/tokenizers';
import { encodeEach, encodeLines, encodeText } from './encodeCorpus';
import { TinyCharTokenizer } from './test-helpers/TinyCharTokenizer';

const tok = new TinyCharTokenizer();

describe('encodeText', () => {
  const text = 'first line\nsecond line\n\n\nafter blanks\nlast, no newline';

  test('chunked encoding gives exactly the ids of one encode() call, for any chunk size', () => {
    const whole = tok.encode(text);
    for (const linesPerChunk of [1, 2, 3, 100]) {
      const ids = encodeText(tok, text, { linesPerChunk });
      expect(ids).toBeInstanceOf(Int32Array);
      expect(Array.from(ids)).toEqual(whole);
    }
  });

  test('chunks end after newline runs, never inside a line or between blank lines', () => {
    const calls: string[] = [];
    class SpyTokenizer extends TinyCharTokenizer {
      override encode(t: string): number[] {
        calls.push(t);
        return super.encode(t);
      }
    }
    encodeText(new SpyTokenizer(), text, { linesPerChunk: 2 });
    expect(calls).toEqual(['first line\nsecond line\n\n\n', 'after blanks\nlast, no newline']);
    expect(calls.join('')).toBe(text);
  });

  test('an id outside [0, vocabSize) from a broken tokenizer is reported with its place', () => {
    class BrokenTokenizer extends TinyCharTokenizer {
      override readonly vocabSize = 10;
      override encode(): number[] {
        return [3, 70];
      }
    }
    const broken: Tokenizer = new BrokenTokenizer();
    expect(() => encodeText(broken, 'ab\ncd', { linesPerChunk: 1 })).toThrow(
      'expected token ids in [0, 10), got 70 at position 1 in the chunk starting at line 1',
    );
    expect(() => encodeText(tok, 'x', { linesPerChunk: 0 })).toThrow('expected linesPerChunk >= 1, got 0');
  });
});

describe('encodeLines / encodeEach', () => {
  test('lines become one stream separated by EOS (BOS optional)', () => {
    const ids = encodeLines(tok, ['ab', 'c']);
    expect(Array.from(ids)).toEqual([...tok.encode('ab'), SPECIAL_TOKENS.EOS, ...tok.encode('c'), SPECIAL_TOKENS.EOS]);
    const both = encodeLines(tok, ['ab'], { bos: true, eos: true });
    expect(Array.from(both)).toEqual([SPECIAL_TOKENS.BOS, ...tok.encode('ab'), SPECIAL_TOKENS.EOS]);
    expect(Array.from(encodeLines(tok, ['ab', 'c'], { eos: false }))).toEqual(tok.encode('abc'));
  });

  test('encodeEach keeps one sequence per text, no special tokens', () => {
    const r = encodeEach(tok, ['hi', '', 'abc']);
    expect(r.length).toBe(3);
    expect([0, 1, 2].map((i) => Array.from(r.get(i)))).toEqual([tok.encode('hi'), [], tok.encode('abc')]);
  });
});
