import { randomVectors } from '../test-helpers/randomVectors';
import { ExactVectorIndex } from './ExactVectorIndex';
import { measureIndexRecall } from './measureIndexRecall';
import { isPackageInstalled } from './requireOptional';
import { UsearchVectorIndex, usearchIndexFactory } from './UsearchVectorIndex';
import { VectorStore } from './VectorStore';

// `usearch` is optional: these run where it is installed and are skipped elsewhere.
const installed = isPackageInstalled('usearch');
const describeWithUsearch = installed ? describe : describe.skip;

describeWithUsearch('UsearchVectorIndex (usearch installed)', () => {
  describe.each(['cosine', 'euclidean'] as const)('%s', (metric) => {
    it('recalls at least 95% of the exact top 10 on random vectors, with matching scores', () => {
      const dim = 32;
      const vectors = randomVectors(3000, dim, 31);
      const keys = vectors.map((_, i) => 10 * i);
      const exact = new ExactVectorIndex({ dimension: dim, metric });
      const hnsw = new UsearchVectorIndex({ dimension: dim, metric, threads: 1 });
      exact.add(keys, vectors);
      hnsw.add(keys, vectors);
      const queries = randomVectors(100, dim, 32);
      const recall = measureIndexRecall(hnsw, exact, queries, 10);
      expect(recall.recall).toBeGreaterThanOrEqual(0.95);
      // Where both find a key, they agree on its score.
      for (const q of queries.slice(0, 10)) {
        const truth = new Map(exact.search(q, 10).map((m) => [m.key, m.score]));
        for (const m of hnsw.search(q, 10)) if (truth.has(m.key)) expect(m.score).toBeCloseTo(truth.get(m.key)!, 4);
      }
    });
  });

  it('removes and re-adds keys like the exact index', () => {
    const vectors = randomVectors(20, 4, 1);
    const index = new UsearchVectorIndex({ dimension: 4, metric: 'euclidean' });
    index.add(vectors.map((_, i) => i), vectors);
    expect(index.remove([3, 3, 99])).toBe(1);
    expect(index.has(3)).toBe(false);
    expect(index.size).toBe(19);
    expect(index.search(vectors[3], 20).map((m) => m.key)).not.toContain(3);
    expect(() => index.add([4], [vectors[4]])).toThrow('key 4 is already in the index');
    index.add([3], [vectors[3]]);
    expect(index.search(vectors[3], 1)).toEqual([{ key: 3, score: 0 }]);
  });

  it('serves a VectorStore through the approximateIndex option', () => {
    const info = { kind: 'test', dimension: 8, fingerprint: 'x' };
    const store = VectorStore.create({ embedder: info, approximateIndex: usearchIndexFactory() });
    const vectors = randomVectors(50, 8, 2);
    store.upsert(vectors.map((_, i) => ({ id: `p${i}`, text: '', source: 's', position: i })), vectors);
    store.delete(['p7']);
    expect(store.indexKind).toBe('usearch-hnsw');
    expect(store.search(vectors[8], 1)[0].passage.id).toBe('p8');
    expect(store.search(vectors[7], 3).map((h) => h.passage.id)).not.toContain('p7');
    expect(store.search(vectors[9], 5, { exact: true })).toEqual(
      store.search(vectors[9], 5).map((h) => ({ ...h, score: expect.closeTo(h.score, 4) })),
    );
  });
});

(installed ? describe.skip : describe)('UsearchVectorIndex (usearch absent)', () => {
  it('says which package to install', () => {
    expect(() => new UsearchVectorIndex({ dimension: 4, metric: 'cosine' })).toThrow('needs the npm package "usearch", which is not installed; install it with `pnpm add usearch`');
  });
});
