import { Random } from '@tfzoo/data';
import { TopK } from './TopK';

describe('TopK', () => {
  it('keeps the same items as a full sort, ties to the smaller id', () => {
    const random = new Random(3);
    for (const k of [1, 2, 5, 17, 100]) {
      // Few distinct scores, so ties are common.
      const scores = Array.from({ length: 60 }, () => Math.floor(random.uniform(0, 8)));
      const top = new TopK(k);
      scores.forEach((s, id) => top.push(id, s));
      const expected = scores
        .map((score, id) => ({ id, score }))
        .sort((a, b) => b.score - a.score || a.id - b.id)
        .slice(0, k);
      expect(top.sorted()).toEqual(expected);
    }
  });

  it('does not depend on the order items arrive in', () => {
    const a = new TopK(3);
    const b = new TopK(3);
    const items = [[4, 1], [2, 1], [9, 3], [1, 1], [7, 2]];
    items.forEach(([id, s]) => a.push(id, s));
    items.reverse().forEach(([id, s]) => b.push(id, s));
    expect(a.sorted()).toEqual(b.sorted());
    expect(a.sorted().map((e) => e.id)).toEqual([9, 7, 1]);
  });

  it('rejects k < 1', () => {
    expect(() => new TopK(0)).toThrow('expected k to be a positive integer, got 0');
  });
});
