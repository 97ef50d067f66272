import { randomVectors } from '../test-helpers/randomVectors';
import { ExactVectorIndex } from './ExactVectorIndex';
import { measureIndexRecall } from './measureIndexRecall';
import type { VectorIndex, VectorMatch } from './VectorIndex';

/** An "approximate" index that only ever finds keys below a cutoff, so its recall is known to be imperfect. */
class ForgetfulIndex implements VectorIndex {
  readonly kind = 'forgetful';
  readonly exact = false;
  constructor(private readonly inner: ExactVectorIndex, private readonly cutoff: number) {}
  get dimension(): number { return this.inner.dimension; }
  get metric() { return this.inner.metric; }
  get size(): number { return this.inner.size; }
  add(keys: readonly number[], vectors: readonly Float32Array[]): void { this.inner.add(keys, vectors); }
  remove(keys: readonly number[]): number { return this.inner.remove(keys); }
  has(key: number): boolean { return this.inner.has(key); }
  search(query: Float32Array, k: number): VectorMatch[] {
    return this.inner.search(query, this.inner.size).filter((m) => m.key < this.cutoff).slice(0, k);
  }
}

describe('measureIndexRecall', () => {
  const vectors = randomVectors(100, 8, 21);
  const keys = vectors.map((_, i) => i);
  const exact = new ExactVectorIndex({ dimension: 8, metric: 'cosine' });
  exact.add(keys, vectors);
  const queries = randomVectors(30, 8, 22);

  it('is 1 for an exact index against itself', () => {
    expect(measureIndexRecall(exact, exact, queries, 10)).toEqual({ recall: 1, k: 10, queries: 30, worst: 1 });
  });

  it('matches a direct count for an index that misses known keys', () => {
    const forgetful = new ForgetfulIndex(new ExactVectorIndex({ dimension: 8, metric: 'cosine' }), 50);
    forgetful.add(keys, vectors);
    const result = measureIndexRecall(forgetful, exact, queries, 10);
    const expected = queries.map((q) => exact.search(q, 10).filter((m) => m.key < 50).length / 10);
    expect(result.recall).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / expected.length, 12);
    expect(result.worst).toBeCloseTo(Math.min(...expected), 12);
    expect(result.recall).toBeLessThan(1);
  });

  it('refuses indexes of different sizes and an empty query set', () => {
    const other = new ExactVectorIndex({ dimension: 8, metric: 'cosine' });
    expect(() => measureIndexRecall(other, exact, queries, 5)).toThrow('expected both indexes to hold the same vectors, got 0 (exact) and 100 (exact)');
    expect(() => measureIndexRecall(exact, exact, [], 5)).toThrow('expected at least one query');
  });
});
