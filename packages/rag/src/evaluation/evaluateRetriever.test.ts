import { Random } from '@tfzoo/data';
import type { Passage, Retriever, ScoredPassage } from '../types';
import { HybridRetriever } from '../fusion/HybridRetriever';
import { BM25Retriever } from '../lexical/BM25Retriever';
import { DenseRetriever } from '../store/DenseRetriever';
import { indexPassages } from '../store/indexPassages';
import { VectorStore } from '../store/VectorStore';
import { WordHashEmbedder } from '../test-helpers/WordHashEmbedder';
import { evaluateRetriever, type RetrievalQuery } from './evaluateRetriever';

/**
 * A synthetic collection where the right passage is known: each passage mentions
 * a unique entity and year among shared filler words, and its query names both.
 */
function syntheticCollection(size: number, seed: number): { passages: Passage[]; queries: RetrievalQuery[] } {
  const random = new Random(seed);
  const filler = ['history', 'river', 'empire', 'engine', 'city', 'church', 'court', 'science', 'music', 'war', 'trade', 'law'];
  const passages: Passage[] = [];
  const queries: RetrievalQuery[] = [];
  for (let i = 0; i < size; i++) {
    const entity = `entity${i}x`;
    const words = Array.from({ length: 25 }, () => filler[random.nextInt(filler.length)]);
    words.splice(random.nextInt(words.length), 0, entity, 'founded', 'in', String(1000 + i));
    passages.push({ id: `doc${i}`, text: words.join(' '), source: 'synthetic', position: i });
    queries.push({ id: `q${i}`, query: `was ${entity} founded in ${1000 + i}?`, relevant: [`doc${i}`] });
  }
  return { passages, queries };
}

/** Always returns the same passages: a retriever whose metrics are easy to work out by hand. */
class ConstantRetriever implements Retriever {
  readonly name = 'constant';
  constructor(private readonly passages: Passage[]) {}
  async search(_q: string, k: number): Promise<ScoredPassage[]> {
    return this.passages.slice(0, k).map((passage, i) => ({ passage, score: 0, rank: i + 1 }));
  }
}

describe('evaluateRetriever', () => {
  const { passages, queries } = syntheticCollection(60, 4);

  it('gives perfect recall to BM25, dense and hybrid retrieval when the right passage is unambiguous', async () => {
    const bm25 = new BM25Retriever(passages);
    // Wide enough that a query term rarely shares a hash bucket with a filler word (which would favour filler-heavy passages).
    const embedder = new WordHashEmbedder(4096);
    const store = VectorStore.create({ embedder: embedder.info });
    await indexPassages(store, embedder, passages);
    const dense = new DenseRetriever(store, embedder);
    for (const retriever of [bm25, dense, new HybridRetriever([bm25, dense])]) {
      const result = await evaluateRetriever(retriever, queries);
      expect([retriever.name, result.recall[1]]).toEqual([retriever.name, 1]);
      expect(result.mrr).toBe(1);
      expect(result.outcomes.every((o) => o.firstRelevantRank === 1)).toBe(true);
    }
  });

  it('scores a known-bad retriever exactly', async () => {
    // Always returns doc0..doc9: query i finds its passage at rank i + 1 for i < 10, else never.
    const progress: number[] = [];
    const result = await evaluateRetriever(new ConstantRetriever(passages), queries, { ks: [1, 5, 10], onProgress: (done) => progress.push(done) });
    expect(result.recall).toEqual({ 1: 1 / 60, 5: 5 / 60, 10: 10 / 60 });
    let mrr = 0;
    for (let i = 0; i < 10; i++) mrr += 1 / (i + 1);
    expect(result.mrr).toBeCloseTo(mrr / 60, 12);
    expect(result.outcomes[3].firstRelevantRank).toBe(4);
    expect(result.outcomes[30].firstRelevantRank).toBeNull();
    expect(result.depth).toBe(10);
    expect(result.retriever).toBe('constant');
    expect(progress).toHaveLength(60);
  });
});
