import { SeededRandom } from './SeededRandom';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('resumes from a saved state', () => {
    const a = new SeededRandom(3);
    a.next();
    const state = a.getState();
    const expected = [a.next(), a.next()];
    const b = new SeededRandom(99);
    b.setState(state);
    expect([b.next(), b.next()]).toEqual(expected);
  });

  it('draws integers in [0, n) and rejects bad bounds', () => {
    const r = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 200 }, () => r.int(5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => r.int(0)).toThrow('expected a positive integer bound, got 0');
  });
});
