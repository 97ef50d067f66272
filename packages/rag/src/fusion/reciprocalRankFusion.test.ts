import type { Passage, ScoredPassage } from '../types';
import { reciprocalRankFusion } from './reciprocalRankFusion';

const p = (id: string): Passage => ({ id, text: id, source: 's', position: 0 });
const ranking = (...ids: string[]): ScoredPassage[] => ids.map((id, i) => ({ passage: p(id), score: 100 - i, rank: i + 1 }));

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the lists a passage appears in', () => {
    const fused = reciprocalRankFusion([ranking('a', 'b', 'c'), ranking('c', 'a', 'd')]);
    const expected: Record<string, number> = {
      a: 1 / 61 + 1 / 62,
      c: 1 / 63 + 1 / 61,
      b: 1 / 62,
      d: 1 / 63,
    };
    expect(fused.map((r) => r.passage.id)).toEqual(['a', 'c', 'b', 'd']);
    for (const r of fused) expect(r.score).toBeCloseTo(expected[r.passage.id], 15);
    expect(fused.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });

  it('applies weights and the constant k', () => {
    const fused = reciprocalRankFusion([ranking('a', 'b'), ranking('b', 'a')], { k: 0, weights: [1, 3] });
    // a: 1/1 + 3/2 = 2.5, b: 1/2 + 3/1 = 3.5
    expect(fused.map((r) => [r.passage.id, r.score])).toEqual([
      ['b', 3.5],
      ['a', 2.5],
    ]);
  });

  it('breaks ties by the better single rank, then by list order', () => {
    // k = 0 makes exact ties easy: u = 1/1 + 0 = 1 and v = 1/2 + 1/2 = 1, u has the better single rank.
    const byRank = reciprocalRankFusion([ranking('u', 'v'), ranking('w', 'v')], { k: 0 });
    expect(byRank.map((r) => [r.passage.id, r.score])).toEqual([['u', 1], ['w', 1], ['v', 1]]);
    // u and w tie on both score and best rank: the earlier list wins.
    const byList = reciprocalRankFusion([ranking('y'), ranking('x')]);
    expect(byList.map((r) => r.passage.id)).toEqual(['y', 'x']);
    expect(byList[0].score).toBe(byList[1].score);
  });

  it('ignores the lists’ own scores', () => {
    const a = ranking('a', 'b');
    const b = ranking('a', 'b').map((r) => ({ ...r, score: -r.score * 1e6 }));
    expect(reciprocalRankFusion([a])).toEqual(reciprocalRankFusion([b]));
  });

  it('rejects bad weights and constants', () => {
    expect(() => reciprocalRankFusion([ranking('a')], { weights: [1, 2] })).toThrow('expected one weight per ranking (1), got 2 weights');
    expect(() => reciprocalRankFusion([ranking('a')], { weights: [-1] })).toThrow('expected weights >= 0, got -1 at index 0');
    expect(() => reciprocalRankFusion([ranking('a')], { k: -5 })).toThrow('expected the RRF constant k >= 0, got -5');
  });
});
