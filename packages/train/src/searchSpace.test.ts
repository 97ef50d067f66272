import { Random } from '@tfzoo/data';
import { gridPoints, intRange, logUniform, sampleParams, uniform } from './searchSpace';

describe('search spaces', () => {
  it('enumerate a grid as the cartesian product, last key fastest', () => {
    const grid = gridPoints({ lr: [0.1, 0.01], batchSize: [16, 32, 64] });
    expect(grid).toEqual([
      { lr: 0.1, batchSize: 16 },
      { lr: 0.1, batchSize: 32 },
      { lr: 0.1, batchSize: 64 },
      { lr: 0.01, batchSize: 16 },
      { lr: 0.01, batchSize: 32 },
      { lr: 0.01, batchSize: 64 },
    ]);
  });

  it('put ranges on a grid: linear, geometric, integer', () => {
    const grid = gridPoints({ dropout: uniform(0, 0.2, 3), lr: logUniform(1e-4, 1e-2, 3), width: intRange(16, 48, 16) });
    expect(grid).toHaveLength(27);
    const distinct = (k: 'dropout' | 'lr' | 'width') => [...new Set(grid.map((p) => p[k]))];
    expect(distinct('dropout')).toEqual([0, 0.1, 0.2]);
    distinct('lr').forEach((v, i) => expect(v).toBeCloseTo([1e-4, 1e-3, 1e-2][i], 12));
    expect(distinct('width')).toEqual([16, 32, 48]);
  });

  it('refuse a continuous range in a grid without steps', () => {
    expect(() => gridPoints({ lr: logUniform(1e-4, 1e-2) })).toThrow("grid search needs discrete values for 'lr'");
  });

  it('sample reproducibly within bounds, log-uniform spreading over decades', () => {
    const space = { lr: logUniform(1e-5, 1e-1), dropout: uniform(0, 0.5), width: intRange(8, 64, 8), act: ['relu', 'gelu'] as const };
    const draw = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 400 }, () => sampleParams(space, rng));
    };
    const a = draw(1);
    expect(draw(1)).toEqual(a);
    expect(draw(2)).not.toEqual(a);
    for (const p of a) {
      expect(p.lr).toBeGreaterThanOrEqual(1e-5);
      expect(p.lr).toBeLessThanOrEqual(1e-1);
      expect(p.dropout).toBeLessThan(0.5);
      expect(p.width % 8).toBe(0);
      expect(['relu', 'gelu']).toContain(p.act);
    }
    // About a quarter of log-uniform draws per decade; a uniform draw would put ~90% in the top decade.
    const topDecade = a.filter((p) => p.lr > 1e-2).length / a.length;
    expect(topDecade).toBeGreaterThan(0.15);
    expect(topDecade).toBeLessThan(0.35);
    expect(new Set(a.map((p) => p.width)).size).toBe(8);
  });

  it('reject malformed ranges by name', () => {
    const rng = new Random(1);
    expect(() => sampleParams({ lr: logUniform(0, 1) }, rng)).toThrow("search space 'lr': a logUniform range needs min > 0, got 0");
    expect(() => sampleParams({ x: uniform(2, 1) }, rng)).toThrow("search space 'x': expected finite min <= max, got [2, 1]");
    expect(() => sampleParams({ x: [] }, rng)).toThrow("search space 'x': expected at least one value");
  });
});
