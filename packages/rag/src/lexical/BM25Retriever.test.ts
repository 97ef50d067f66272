import type { Passage } from '../types';
import { BM25Retriever } from './BM25Retriever';

function passage(id: string, text: string, title?: string): Passage {
  return { id, text, source: 'test', position: 0, ...(title ? { title } : {}) };
}

describe('BM25Retriever', () => {
  // N = 3, lengths 3, 5, 3, avgdl = 11/3; no stop words or stemming so counts are plain.
  const docs = [passage('d0', 'the cat sat'), passage('d1', 'the cat cat ran away'), passage('d2', 'a dog ran')];
  const plain = { stopWords: false, stem: false } as const;

  it('uses the Lucene IDF ln(1 + (N - n + 0.5) / (n + 0.5))', () => {
    const bm25 = new BM25Retriever(docs, plain);
    expect(bm25.idf('cat')).toBeCloseTo(Math.log(1.6), 12); // n = 2
    expect(bm25.idf('dog')).toBeCloseTo(0.9808292530117263, 12); // n = 1: ln(1 + 2.5 / 1.5)
    expect(bm25.idf('zebra')).toBe(0);
    expect(bm25.averageLength).toBeCloseTo(11 / 3, 12);
  });

  it('scores match hand-computed Okapi BM25 values (k1 = 1.2, b = 0.75)', async () => {
    const bm25 = new BM25Retriever(docs, plain);
    // d0: idf(cat) · 1·2.2 / (1 + 1.2·(0.25 + 0.75·3/(11/3))) = 0.50777...
    // d1: idf(cat) · 2·2.2 / (2 + 1.2·(0.25 + 0.75·5/(11/3))) = 0.58629...
    const scores = bm25.scoreAll('cat');
    expect(scores[0]).toBeCloseTo(0.5077717780244109, 10);
    expect(scores[1]).toBeCloseTo(0.5862931869972579, 10);
    expect(scores[2]).toBe(0);

    const hits = await bm25.search('ran cat', 3);
    expect(hits.map((h) => h.passage.id)).toEqual(['d1', 'd0', 'd2']); // d0 and d2 tie: earlier passage first
    expect(hits[0].score).toBeCloseTo(0.9954330369162077, 10);
    expect(hits[1].score).toBeCloseTo(0.5077717780244109, 10);
    expect(hits[2].score).toBeCloseTo(0.5077717780244109, 10);
    expect(hits.map((h) => h.rank)).toEqual([1, 2, 3]);
  });

  it('counts a repeated query term once per repetition', () => {
    const bm25 = new BM25Retriever(docs, plain);
    expect(bm25.scoreAll('dog dog')[2]).toBeCloseTo(2 * 1.0596458894144545, 10);
  });

  it('returns only passages sharing a term, and at most k', async () => {
    const bm25 = new BM25Retriever(docs, plain);
    expect((await bm25.search('dog', 10)).map((h) => h.passage.id)).toEqual(['d2']);
    expect(await bm25.search('zebra', 10)).toEqual([]);
    expect(await bm25.search('the cat ran', 1)).toHaveLength(1);
  });

  it('matches a naive full-scan implementation on a bigger collection', () => {
    const words = ['river', 'castle', 'steam', 'engine', 'oxygen', 'treaty', 'law', 'court', 'music', 'rhine'];
    let s = 7;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const collection = Array.from({ length: 40 }, (_, i) =>
      passage(`p${i}`, Array.from({ length: 3 + Math.floor(next() * 20) }, () => words[Math.floor(next() * words.length)]).join(' ')),
    );
    const bm25 = new BM25Retriever(collection, { ...plain, k1: 1.5, b: 0.5 });
    const tokenized = collection.map((p) => p.text.split(' '));
    const avgdl = tokenized.reduce((a, t) => a + t.length, 0) / tokenized.length;
    const naive = (query: string[], doc: string[]) =>
      query.reduce((sum, term) => {
        const n = tokenized.filter((t) => t.includes(term)).length;
        if (n === 0) return sum;
        const f = doc.filter((w) => w === term).length;
        const idf = Math.log(1 + (collection.length - n + 0.5) / (n + 0.5));
        return sum + (idf * f * 2.5) / (f + 1.5 * (1 - 0.5 + (0.5 * doc.length) / avgdl));
      }, 0);
    const query = ['steam', 'engine', 'rhine'];
    const scores = bm25.scoreAll(query.join(' '));
    tokenized.forEach((doc, i) => expect(scores[i]).toBeCloseTo(naive(query, doc), 10));
  });

  it('indexes titles with the text unless told not to', async () => {
    const titled = [passage('a', 'the first game', 'Super Bowl'), passage('b', 'a bowl of soup')];
    expect((await new BM25Retriever(titled).search('super', 5)).map((h) => h.passage.id)).toEqual(['a']);
    expect(await new BM25Retriever(titled, { indexTitles: false }).search('super', 5)).toEqual([]);
  });

  it('stems documents and queries alike', async () => {
    const bm25 = new BM25Retriever([passage('x', 'Tesla connected the generators'), passage('y', 'nothing here')]);
    expect((await bm25.search('connection generator', 2)).map((h) => h.passage.id)).toEqual(['x']);
  });

  it('rejects bad parameters, duplicate ids and searches of an empty index', async () => {
    expect(() => new BM25Retriever(docs, { b: 1.5 })).toThrow('expected b in [0, 1], got 1.5');
    expect(() => new BM25Retriever(docs, { k1: -1 })).toThrow('expected k1 >= 0, got -1');
    expect(() => new BM25Retriever([docs[0], docs[0]])).toThrow('duplicate passage id "d0" at index 1');
    await expect(new BM25Retriever([]).search('x', 1)).rejects.toThrow('holds no passages');
    await expect(new BM25Retriever(docs).search('cat', 0)).rejects.toThrow('expected k to be a positive integer, got 0');
  });
});
