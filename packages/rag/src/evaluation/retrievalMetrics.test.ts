import { recallAtK, reciprocalRank, retrievalMetrics } from './retrievalMetrics';

describe('retrieval metrics', () => {
  it('recall@k counts relevant ids in the top k', () => {
    expect(recallAtK(['a', 'b', 'c'], ['b'], 1)).toBe(0);
    expect(recallAtK(['a', 'b', 'c'], ['b'], 2)).toBe(1);
    expect(recallAtK(['a', 'b', 'c'], ['c', 'z'], 3)).toBe(0.5);
    expect(recallAtK([], ['a'], 5)).toBe(0);
  });

  it('reciprocal rank is 1 / rank of the first relevant id', () => {
    expect(reciprocalRank(['a', 'b', 'c'], ['c', 'b'])).toBe(0.5);
    expect(reciprocalRank(['a'], ['z'])).toBe(0);
  });

  it('averages over queries', () => {
    const m = retrievalMetrics(
      [
        { retrieved: ['p1', 'p2', 'p3'], relevant: ['p1'] },
        { retrieved: ['p2', 'p3', 'p1'], relevant: ['p3'] },
        { retrieved: ['p2', 'p3'], relevant: ['p9'] },
        { retrieved: ['p4', 'p5', 'p6', 'p7', 'p8', 'p1'], relevant: ['p1'] },
      ],
      [1, 2, 5, 10],
    );
    expect(m.recall).toEqual({ 1: 1 / 4, 2: 2 / 4, 5: 2 / 4, 10: 3 / 4 });
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 0 + 1 / 6) / 4, 12);
    expect(m.queries).toBe(4);
  });

  it('rejects empty input and bad k', () => {
    expect(() => retrievalMetrics([])).toThrow('expected at least one query');
    expect(() => retrievalMetrics([{ retrieved: [], relevant: ['a'] }], [0])).toThrow('expected each k to be a positive integer, got 0');
    expect(() => recallAtK(['a'], [], 1)).toThrow('expected at least one relevant id');
  });
});
