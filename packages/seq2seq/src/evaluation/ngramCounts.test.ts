import { clippedMatches, ngramCounts, totalCount } from './ngramCounts';

describe('ngramCounts', () => {
  it('counts each n-gram of one order', () => {
    const bigrams = ngramCounts(['a', 'b', 'a', 'b', 'c'], 2, ' ');
    expect([...bigrams]).toEqual([
      ['a b', 2],
      ['b a', 1],
      ['b c', 1],
    ]);
    expect(totalCount(bigrams)).toBe(4);
  });

  it('is empty when the sequence is shorter than n', () => {
    expect(ngramCounts(['a', 'b'], 3, ' ').size).toBe(0);
    expect(ngramCounts([], 1, ' ').size).toBe(0);
  });

  it('clips matches at the reference count', () => {
    const hyp = ngramCounts(['the', 'the', 'the', 'cat'], 1, ' ');
    const ref = ngramCounts(['the', 'cat', 'the', 'dog'], 1, ' ');
    expect(clippedMatches(hyp, ref)).toBe(3); // the: min(3, 2) + cat: 1
  });
});
