import { checkTokenIds } from './checkTokenIds';

describe('checkTokenIds', () => {
  test('accepts ids in range, names the first bad one otherwise', () => {
    expect(() => checkTokenIds(Int32Array.from([0, 64, 3]), 65)).not.toThrow();
    expect(() => checkTokenIds([1, 2, 70], 65)).toThrow('expected token ids in [0, 65), got 70 at position 2');
    expect(() => checkTokenIds([1, -1], 65, 'of the stream')).toThrow('expected token ids in [0, 65), got -1 at position 1 of the stream');
    expect(() => checkTokenIds([1.5], 65)).toThrow('got 1.5 at position 0');
    expect(() => checkTokenIds([NaN], 65)).toThrow('got NaN at position 0');
    expect(() => checkTokenIds([], 0)).toThrow('expected vocabSize to be a positive integer, got 0');
  });
});
