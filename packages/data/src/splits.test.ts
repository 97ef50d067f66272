import { splitByFraction, trainValSplit } from './splits';

describe('trainValSplit', () => {
  const items = Array.from({ length: 103 }, (_, i) => i);

  test('sizes are round(n * valFraction) and n minus that; parts are disjoint and cover everything', () => {
    const { train, val } = trainValSplit(items, { valFraction: 0.1, seed: 1 });
    expect(val).toHaveLength(10);
    expect(train).toHaveLength(93);
    const all = new Set([...train, ...val]);
    expect(all.size).toBe(103);
    expect(val.filter((v) => train.includes(v))).toEqual([]);
  });

  test('the same seed gives the same split, another seed another split', () => {
    const a = trainValSplit(items, { valFraction: 0.2, seed: 5 });
    expect(trainValSplit(items, { valFraction: 0.2, seed: 5 })).toEqual(a);
    expect(trainValSplit(items, { valFraction: 0.2, seed: 6 }).val).not.toEqual(a.val);
  });

  test('edge fractions, and out-of-range fractions are rejected', () => {
    expect(trainValSplit(items, { valFraction: 0, seed: 0 }).val).toEqual([]);
    expect(trainValSplit(items, { valFraction: 1, seed: 0 }).train).toEqual([]);
    expect(() => trainValSplit(items, { valFraction: 1.5, seed: 0 })).toThrow('expected valFraction in [0, 1], got 1.5');
    expect(() => trainValSplit(items, { valFraction: NaN, seed: 0 })).toThrow('expected valFraction in [0, 1], got NaN');
  });
});

describe('splitByFraction', () => {
  test('contiguous: the first part trains, the last round(n * valFraction) validate', () => {
    expect(splitByFraction([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { valFraction: 0.1 })).toEqual({ train: [1, 2, 3, 4, 5, 6, 7, 8, 9], val: [10] });
    expect(splitByFraction('abcdefghij', { valFraction: 0.3 })).toEqual({ train: 'abcdefg', val: 'hij' });
  });

  test('typed arrays are split into views of the same buffer (no copy)', () => {
    const tokens = Int32Array.from({ length: 20 }, (_, i) => i);
    const { train, val } = splitByFraction(tokens, { valFraction: 0.25 });
    expect(Array.from(train)).toEqual(Array.from(tokens.subarray(0, 15)));
    expect(Array.from(val)).toEqual([15, 16, 17, 18, 19]);
    expect(train.buffer).toBe(tokens.buffer);
    expect(val.buffer).toBe(tokens.buffer);
  });
});
