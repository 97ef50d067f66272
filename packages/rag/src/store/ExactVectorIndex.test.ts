import { bruteForceTopK, randomVectors } from '../test-helpers/randomVectors';
import { ExactVectorIndex } from './ExactVectorIndex';

describe('ExactVectorIndex', () => {
  describe.each(['cosine', 'euclidean'] as const)('%s', (metric) => {
    it('top-k matches a brute-force float64 reference on random vectors', () => {
      const dim = 24;
      const vectors = randomVectors(300, dim, 11);
      const keys = vectors.map((_, i) => 1000 + 3 * i); // keys unrelated to rows
      const index = new ExactVectorIndex({ dimension: dim, metric, initialCapacity: 4 }); // forces growth
      index.add(keys, vectors);
      const reference = new Map(keys.map((key, i) => [key, vectors[i]]));
      for (const query of randomVectors(20, dim, 12)) {
        for (const k of [1, 10, 300, 500]) {
          const got = index.search(query, k);
          const want = bruteForceTopK(reference, query, k, metric);
          expect(got.map((m) => m.key)).toEqual(want.map((m) => m.key));
          const worstError = Math.max(0, ...got.map((m, i) => Math.abs(m.score - want[i].score)));
          expect(worstError).toBeLessThan(1e-5);
        }
      }
    });

    it('stays exact after removals (rows move) and re-adds', () => {
      const dim = 8;
      const vectors = randomVectors(50, dim, 5);
      const index = new ExactVectorIndex({ dimension: dim, metric });
      index.add(vectors.map((_, i) => i), vectors);
      const reference = new Map(vectors.map((v, i) => [i, v]));
      const removed = [0, 49, 7, 8, 9, 30, 123];
      expect(index.remove(removed)).toBe(6);
      for (const key of removed) reference.delete(key);
      const fresh = randomVectors(3, dim, 6);
      index.add([7, 200, 201], fresh);
      reference.set(7, fresh[0]).set(200, fresh[1]).set(201, fresh[2]);
      expect(index.size).toBe(reference.size);
      expect(index.has(49)).toBe(false);
      expect(index.has(201)).toBe(true);
      for (const query of randomVectors(10, dim, 7)) {
        expect(index.search(query, 12).map((m) => m.key)).toEqual(bruteForceTopK(reference, query, 12, metric).map((m) => m.key));
      }
      // Rows stay dense and aligned with their keys.
      expect(index.matrix.length).toBe(index.size * dim);
      index.rowKeys().forEach((key, row) => {
        const stored = index.matrix.subarray(row * dim, (row + 1) * dim);
        expect(Array.from(stored)).toEqual(Array.from(index.vector(key)!));
      });
    });
  });

  it('normalises at insert under cosine, and keeps vectors as given under euclidean', () => {
    const v = new Float32Array([3, 4]);
    const cosine = new ExactVectorIndex({ dimension: 2, metric: 'cosine' });
    cosine.add([1], [v]);
    expect(Array.from(cosine.vector(1)!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(v)).toEqual([3, 4]); // the caller's array is untouched
    const euclidean = new ExactVectorIndex({ dimension: 2, metric: 'euclidean' });
    euclidean.add([1], [v]);
    expect(Array.from(euclidean.vector(1)!)).toEqual([3, 4]);
    expect(euclidean.search(new Float32Array([3, 4]), 1)).toEqual([{ key: 1, score: 0 }]);
    expect(euclidean.search(new Float32Array([0, 0]), 1)[0].score).toBeCloseTo(-5, 6);
  });

  it('returns all vectors when k exceeds the size, and nothing when empty', () => {
    const index = new ExactVectorIndex({ dimension: 2, metric: 'euclidean' });
    expect(index.search(new Float32Array([0, 0]), 3)).toEqual([]);
    index.add([5], [new Float32Array([1, 1])]);
    expect(index.search(new Float32Array([0, 0]), 3)).toHaveLength(1);
  });

  it('rejects bad input with messages naming the value, leaving the index unchanged', () => {
    const index = new ExactVectorIndex({ dimension: 3, metric: 'cosine' });
    index.add([1], [new Float32Array([1, 0, 0])]);
    expect(() => index.add([2], [new Float32Array([1, 0])])).toThrow('expected vector 0 (key 2) to have length 3, got 2');
    expect(() => index.add([2, 3], [new Float32Array([0, 1, 0]), new Float32Array([0, 0, 0])])).toThrow('zero vector');
    expect(() => index.add([1], [new Float32Array([0, 1, 0])])).toThrow('key 1 is already in the index');
    expect(() => index.add([4, 4], [new Float32Array([0, 1, 0]), new Float32Array([0, 1, 0])])).toThrow('key 4 is already in the index');
    expect(() => index.add([-1], [new Float32Array([0, 1, 0])])).toThrow('expected keys to be non-negative safe integers, got -1');
    expect(() => index.add([5], [new Float32Array([0, NaN, 0])])).toThrow('expected finite numbers in vector 0 (key 5), got NaN at position 1');
    expect(index.size).toBe(1);
    expect(() => index.search(new Float32Array([0, 0, 0]), 1)).toThrow('zero vector');
    expect(() => index.search(new Float32Array([1, 0, 0]), 0)).toThrow('expected k to be a positive integer, got 0');
    expect(() => new ExactVectorIndex({ dimension: 0, metric: 'cosine' })).toThrow('expected the vector dimension to be a positive integer, got 0');
    expect(() => new ExactVectorIndex({ dimension: 2, metric: 'dot' as never })).toThrow(`expected metric to be 'cosine' or 'euclidean', got "dot"`);
  });
});
