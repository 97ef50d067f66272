import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { HashingEmbedder } from '../embedders/HashingEmbedder';
import { BM25Retriever } from '../lexical/BM25Retriever';
import type { Passage, Retriever, ScoredPassage } from '../types';
import type { AnswerGenerator } from './AnswerGenerator';
import { fineTuneAnswerGenerator } from './fineTuneAnswerGenerator';
import { RagPipeline } from './RagPipeline';
import { syntheticCollection } from './test-helpers/syntheticQA';
import { tinyTokenizer } from './test-helpers/tinyAnswerGPT';

beforeAll(() => initBackend('wasm', { log: null }));

/** Exact cosine search over hashing vectors: a dense retriever in a few lines. */
async function hashingRetriever(passages: readonly Passage[]): Promise<Retriever> {
  const embedder = HashingEmbedder.fit(passages.map((p) => p.text), { dimension: 1024 });
  const vectors = await embedder.embed(passages.map((p) => `${p.title}\n${p.text}`));
  return {
    name: 'hashing',
    async search(query: string, k: number): Promise<ScoredPassage[]> {
      const [q] = await embedder.embed([query]);
      return vectors
        .map((v, i) => ({ passage: passages[i], score: v.reduce((s, x, j) => s + x * q[j], 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, k)
        .map((s, i) => ({ ...s, rank: i + 1 }));
    },
  };
}

describe('RagPipeline', () => {
  const { passages, questions } = syntheticCollection();
  let generator: AnswerGenerator;

  beforeAll(async () => {
    // Retrieval-shaped training examples: each question with what BM25 finds for it.
    const bm25 = new BM25Retriever(passages);
    const examples = await Promise.all(questions.map(async (q) => ({ question: q.question, passages: (await bm25.search(q.question, 2)).map((s) => s.passage), answer: q.answer })));
    ({ generator } = await fineTuneAnswerGenerator(examples, {
      tokenizer: tinyTokenizer(),
      model: { blockSize: 128, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0 },
      maxSteps: 30,
      batchSize: 8,
      learningRate: 3e-3,
      progress: false,
    }));
  });
  afterAll(() => generator.dispose());

  it('retrieves, answers with a span of a cited passage, and refuses what the collection does not cover', async () => {
    for (const retriever of [new BM25Retriever(passages), await hashingRetriever(passages)]) {
      const pipeline = new RagPipeline({ retriever, generator, k: 2, minScore: retriever.name === 'bm25' ? 1 : 0.05 });
      let answered = 0;
      for (const q of questions.slice(0, 12)) {
        const result = await pipeline.ask(q.question);
        expect(result.question).toBe(q.question);
        expect(result.retrieved.length).toBeLessThanOrEqual(2);
        if (result.refused) continue;
        answered++;
        const retrievedIds = result.retrieved.map((s) => s.passage.id);
        for (const c of result.citations) {
          expect(retrievedIds).toContain(c.passage.id);
          expect(c.passage.text).toContain(result.answer);
          expect(result.text).toContain(`[${c.index}]`);
        }
      }
      expect(answered).toBeGreaterThan(6);

      // Nothing in the collection is about painting: nothing is retrieved, or nothing scores high enough.
      const offTopic = await pipeline.ask('Who painted the Mona Lisa?');
      expect(offTopic.refused).toBe(true);
      expect(['no-passages', 'low-score']).toContain(offTopic.reason);
      expect(offTopic.citations).toEqual([]);
      expect(offTopic.answer).toBe(generator.settings.refusal);
    }
  });

  it('leaks no tensors per question', async () => {
    const pipeline = new RagPipeline({ retriever: new BM25Retriever(passages), generator });
    await pipeline.ask(questions[0].question);
    const before = tf.memory().numTensors;
    await pipeline.ask(questions[5].question);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names bad arguments', async () => {
    const retriever = new BM25Retriever(passages);
    expect(() => new RagPipeline({ retriever, generator, k: 0 })).toThrow('expected k to be an integer >= 1, got 0');
    await expect(new RagPipeline({ retriever, generator }).ask(' ')).rejects.toThrow('expected a non-empty question, got " "');
  });
});
