import { Random } from './Random';

// The published mulberry32 (Tommy Ettinger), verbatim in spirit: the reference we must match.
function referenceMulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Random', () => {
  test('matches the reference mulberry32 sequence', () => {
    for (const seed of [0, 1, 1337, 123456789]) {
      const ref = referenceMulberry32(seed);
      const rng = new Random(seed);
      for (let i = 0; i < 1000; i++) expect(rng.nextFloat()).toBe(ref());
    }
  });

  test('same seed, same sequence; saving and restoring state resumes it', () => {
    const a = new Random(42);
    const b = new Random(42);
    const first = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(first);
    const saved = a.state;
    const next = Array.from({ length: 5 }, () => a.nextInt(100));
    const c = new Random(0);
    c.state = saved;
    expect(Array.from({ length: 5 }, () => c.nextInt(100))).toEqual(next);
    expect(new Random(43).nextUint32()).not.toBe(first[0]);
  });

  test('nextInt covers [0, n) evenly and never leaves it', () => {
    const rng = new Random(5);
    const n = 7;
    const counts = new Array(n).fill(0);
    const draws = 70_000;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const k = rng.nextInt(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) outside += 1;
      else counts[k] += 1;
    }
    expect(outside).toBe(0);
    // Chi-square with 6 degrees of freedom: 22.5 is the 0.999 quantile.
    const expected = draws / n;
    const chi2 = counts.reduce((s, c) => s + ((c - expected) ** 2) / expected, 0);
    expect(chi2).toBeLessThan(22.5);
    expect(new Random(1).nextInt(1)).toBe(0);
    const big = new Random(1).nextInt(2 ** 32);
    expect(big >= 0 && big < 2 ** 32).toBe(true);
  });

  test('uniform stays in [min, max) and its mean is the midpoint', () => {
    const rng = new Random(3);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.uniform(-2, 6);
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(6);
      sum += u;
    }
    expect(Math.abs(sum / 20000 - 2)).toBeLessThan(0.06);
  });

  test('bad seeds and ranges are rejected with the value', () => {
    expect(() => new Random(1.5)).toThrow('expected an integer seed, got 1.5');
    expect(() => new Random(1).nextInt(0)).toThrow('expected an integer n in [1, 2^32], got 0');
  });
});
