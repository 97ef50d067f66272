import { CharTokenizer } from './CharTokenizer';
import { assertVocabMatches, validateIds } from './vocabChecks';

describe('validateIds', () => {
  test('accepts ids in range, from arrays and typed arrays', () => {
    expect(() => validateIds([0, 64, 3], 65)).not.toThrow();
    expect(() => validateIds(Int32Array.of(0, 64), 65)).not.toThrow();
  });

  test('names the range, the bad id and its position', () => {
    const ids = Array.from({ length: 13 }, (_, i) => i);
    ids[12] = 70;
    expect(() => validateIds(ids, 65)).toThrow('expected token ids in [0, 65), got 70 at position 12');
    expect(() => validateIds([1, -1], 65)).toThrow('expected token ids in [0, 65), got -1 at position 1');
    expect(() => validateIds([1.5], 65)).toThrow('expected token ids in [0, 65), got 1.5 at position 0');
    expect(() => validateIds([NaN], 65)).toThrow('got NaN at position 0');
    expect(() => validateIds([65], 65)).toThrow('got 65 at position 0');
  });
});

test('validateIds appends where the ids came from, and rejects a bad vocabulary size', () => {
  expect(() => validateIds([1, -1], 65, 'of the stream')).toThrow('expected token ids in [0, 65), got -1 at position 1 of the stream');
  expect(() => validateIds([1.5], 65)).toThrow('got 1.5 at position 0');
  expect(() => validateIds([NaN], 65)).toThrow('got NaN at position 0');
  expect(() => validateIds([], 0)).toThrow('expected vocabSize to be a positive integer, got 0');
});

describe('assertVocabMatches', () => {
  const tok = CharTokenizer.fromTexts('abc'); // 7 + 3 = 10 ids

  test('passes when sizes match', () => {
    expect(() => assertVocabMatches(tok, 10, 'model x')).not.toThrow();
  });

  test('names both sizes and who expected the other', () => {
    expect(() => assertVocabMatches(tok, 65, "model 'gpt-mini'")).toThrow(
      "tokenizer vocabulary has 10 ids (char), but model 'gpt-mini' expects 65",
    );
  });
});
