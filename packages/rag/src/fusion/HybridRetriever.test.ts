import type { Passage, Retriever, ScoredPassage } from '../types';
import { HybridRetriever } from './HybridRetriever';
import { reciprocalRankFusion } from './reciprocalRankFusion';

const p = (id: string): Passage => ({ id, text: id, source: 's', position: 0 });

/** A retriever with a fixed ranking that records the k it was asked for. */
class FixedRetriever implements Retriever {
  asked: number[] = [];
  constructor(readonly name: string, private readonly ids: string[]) {}
  async search(_query: string, k: number): Promise<ScoredPassage[]> {
    this.asked.push(k);
    return this.ids.slice(0, k).map((id, i) => ({ passage: p(id), score: 1 / (i + 1), rank: i + 1 }));
  }
}

describe('HybridRetriever', () => {
  it('fuses its members by RRF and returns the top k', async () => {
    const lexical = new FixedRetriever('bm25', ['a', 'b', 'c', 'd']);
    const dense = new FixedRetriever('dense', ['c', 'e', 'a']);
    const hybrid = new HybridRetriever([lexical, { retriever: dense, weight: 2 }]);
    expect(hybrid.name).toBe('bm25+dense');
    const hits = await hybrid.search('q', 3);
    const expected = reciprocalRankFusion([await lexical.search('q', 50), await dense.search('q', 50)], { weights: [1, 2] }).slice(0, 3);
    expect(hits).toEqual(expected);
    expect(hits.map((h) => h.passage.id)).toEqual(['c', 'a', 'e']);
  });

  it('asks members for max(4k, 50) results by default, or the configured depth', async () => {
    const member = new FixedRetriever('x', ['a']);
    await new HybridRetriever([member]).search('q', 5);
    await new HybridRetriever([member]).search('q', 20);
    await new HybridRetriever([member], { depth: 7 }).search('q', 5);
    await new HybridRetriever([member], { depth: 7 }).search('q', 9);
    expect(member.asked).toEqual([50, 80, 7, 9]);
  });

  it('validates members, weights and k up front', async () => {
    expect(() => new HybridRetriever([])).toThrow('expected at least one retriever to fuse, got none');
    expect(() => new HybridRetriever([{ retriever: new FixedRetriever('x', []), weight: -1 }])).toThrow('expected weights >= 0');
    await expect(new HybridRetriever([new FixedRetriever('x', [])]).search('q', 0)).rejects.toThrow('expected k to be a positive integer, got 0');
  });
});
