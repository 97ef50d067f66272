import type { Embedder, Passage } from '../types';
import { WordHashEmbedder } from '../test-helpers/WordHashEmbedder';
import { DenseRetriever } from './DenseRetriever';
import { indexPassages, passageEmbeddingText } from './indexPassages';
import { VectorStore } from './VectorStore';
import { VectorStoreError } from './VectorStoreError';

const topics = [
  'The Rhine river flows from the Swiss Alps to the North Sea through Germany and the Netherlands.',
  'Oxygen is a chemical element with symbol O and atomic number 8, essential for respiration.',
  'Nikola Tesla invented the alternating current induction motor and worked with George Westinghouse.',
  'Genghis Khan founded the Mongol Empire, which became the largest contiguous empire in history.',
  'The steam engine uses boiling water to produce mechanical work through a piston.',
];
const passages: Passage[] = topics.map((text, i) => ({ id: `t${i}`, text, source: 'topics', position: i }));

describe('DenseRetriever', () => {
  it('embeds the query and returns the closest passages from the store', async () => {
    const embedder = new WordHashEmbedder(256);
    const store = VectorStore.create({ embedder: embedder.info });
    await indexPassages(store, embedder, passages, { batchSize: 2 });
    expect(embedder.calls).toBe(3);
    const dense = new DenseRetriever(store, embedder);
    const hits = await dense.search('Which river flows to the North Sea?', 2);
    expect(hits[0].passage.id).toBe('t0');
    expect(hits.map((h) => h.rank)).toEqual([1, 2]);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect(dense.name).toBe('dense');
  });

  it('refuses a store built with another embedder', () => {
    const store = VectorStore.create({ embedder: new WordHashEmbedder(64, 'a').info });
    expect(() => new DenseRetriever(store, new WordHashEmbedder(64, 'b'))).toThrow(VectorStoreError);
    expect(() => new DenseRetriever(store, new WordHashEmbedder(32, 'a'))).toThrow('dimension 32 ≠ 64');
  });

  it('rejects on an empty store with the empty-collection error', async () => {
    const embedder = new WordHashEmbedder();
    const dense = new DenseRetriever(VectorStore.create({ embedder: embedder.info }), embedder);
    await expect(dense.search('anything', 3)).rejects.toThrow('holds no passages');
  });
});

describe('indexPassages', () => {
  it('embeds title and text, reports progress, and upserts', async () => {
    const seen: string[] = [];
    const inner = new WordHashEmbedder(32);
    const recording: Embedder = {
      info: inner.info,
      embed: async (texts) => {
        seen.push(...texts);
        return inner.embed(texts);
      },
    };
    const store = VectorStore.create({ embedder: inner.info });
    const progress: Array<[number, number]> = [];
    const titled = [{ ...passages[0], title: 'Rhine' }, passages[1]];
    const change = await indexPassages(store, recording, titled, { batchSize: 1, onProgress: (d, t) => progress.push([d, t]) });
    expect(change).toEqual({ added: 2, updated: 0, removed: 0 });
    expect(seen).toEqual([`Rhine\n${topics[0]}`, topics[1]]);
    expect(seen[0]).toBe(passageEmbeddingText(titled[0]));
    expect(progress).toEqual([[1, 2], [2, 2]]);
  });

  it('leaves the store unchanged when the embedder fails midway', async () => {
    const inner = new WordHashEmbedder(32);
    let calls = 0;
    const flaky: Embedder = {
      info: inner.info,
      embed: async (texts) => {
        if (++calls === 2) throw new Error('out of memory');
        return inner.embed(texts);
      },
    };
    const store = VectorStore.create({ embedder: inner.info });
    await expect(indexPassages(store, flaky, passages, { batchSize: 2 })).rejects.toThrow('out of memory');
    expect(store.size).toBe(0);
  });

  it('in replace-sources mode drops chunks an edited document no longer has', async () => {
    const embedder = new WordHashEmbedder(32);
    const store = VectorStore.create({ embedder: embedder.info });
    await indexPassages(store, embedder, passages);
    const change = await indexPassages(store, embedder, passages.slice(0, 2), { mode: 'replace-sources' });
    expect(change).toEqual({ added: 0, updated: 2, removed: 3 });
    expect(store.size).toBe(2);
  });

  it('checks the embedder against the store and the vector count it returns', async () => {
    const embedder = new WordHashEmbedder(32);
    const store = VectorStore.create({ embedder: embedder.info });
    await expect(indexPassages(store, new WordHashEmbedder(16), passages)).rejects.toThrow('dimension 16 ≠ 32');
    const short: Embedder = { info: embedder.info, embed: async (texts) => (await embedder.embed(texts)).slice(1) };
    await expect(indexPassages(store, short, passages, { batchSize: 5 })).rejects.toThrow('expected the embedder to return 5 vectors, got 4');
  });
});
