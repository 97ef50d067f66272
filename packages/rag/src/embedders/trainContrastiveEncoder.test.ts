import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { toTensor } from '@tfzoo/train';
import { syntheticCollection } from '../generation/test-helpers/syntheticQA';
import { passageEmbeddingText } from '../store/indexPassages';
import type { Passage } from '../types';
import type { BertEmbedder } from './BertEmbedder';
import { contrastiveBatches, type ContrastiveBatch } from './contrastiveBatches';
import { contrastiveLoss } from './contrastiveLoss';
import { createBertEmbedder, type BertEncoderOptions } from './createBertEmbedder';
import { trainContrastiveEncoder, trimmedRows } from './trainContrastiveEncoder';

beforeAll(() => initBackend('wasm', { log: null }));

const texts = syntheticCollection().passages.map((p) => p.text);
const tiny: BertEncoderOptions = { vocabSize: 300, model: { maxLength: 48, hiddenSize: 16, numLayers: 1, numHeads: 2, intermediateSize: 32 }, seed: 1 };

/** InfoNCE of fixed crop pairs with dropout off: a deterministic measure of how well crops find their text. */
function fixedLoss(embedder: BertEmbedder, batch: ContrastiveBatch): number {
  const { classifier } = embedder;
  const pooler = tf.model({ inputs: classifier.graph.ids, outputs: classifier.graph.pooled });
  return tf.tidy(() => {
    const z = pooler.apply(toTensor(batch.ids), { training: false }) as tf.Tensor2D;
    const B = z.shape[0] / 2;
    return contrastiveLoss(tf.slice(z, [0, 0], [B, -1]), tf.slice(z, [B, 0], [B, -1]), { temperature: 0.05 }).dataSync()[0];
  });
}

function fixedBatch(embedder: BertEmbedder): ContrastiveBatch {
  const seqs = embedder.classifier.tokenize(texts);
  return contrastiveBatches(Array.from({ length: seqs.length }, (_, i) => seqs.get(i)), { batchSize: 12, maxLength: 48, views: 'crop', seed: 99 }).next();
}

describe('trimmedRows', () => {
  it('takes a block of rows and drops the columns that are padding in all of them', () => {
    const ids = { data: Int32Array.from([4, 7, 5, 0, 0, 4, 5, 0, 0, 0, 4, 8, 9, 9, 5, 4, 9, 5, 0, 0]), shape: [4, 5] as [number, number] };
    expect(trimmedRows(ids, 0, 2)).toEqual({ data: Int32Array.from([4, 7, 5, 4, 5, 0]), shape: [2, 3] });
    expect(trimmedRows(ids, 2, 2)).toEqual({ data: Int32Array.from([4, 8, 9, 9, 5, 4, 9, 5, 0, 0]), shape: [2, 5] });
  });
});

describe('trainContrastiveEncoder', () => {
  it('starts from the encoder createBertEmbedder makes for the same options, and lowers the loss', async () => {
    const baseline = createBertEmbedder(texts, tiny);
    const batch = fixedBatch(baseline);
    const before = fixedLoss(baseline, batch);
    const result = await trainContrastiveEncoder(texts, { ...tiny, views: 'crop', batchSize: 6, maxSteps: 40, learningRate: 3e-3, progress: false });
    const after = fixedLoss(result.embedder, batch);
    expect(result.steps).toBe(40);
    expect(result.stopReason).toBe('maxSteps');
    // The first step saw an untrained encoder: about ln(6) = 1.8 (a random encoder's vectors are all alike).
    expect(result.firstLoss!).toBeGreaterThan(1);
    expect(result.lastLoss!).toBeLessThan(result.firstLoss!);
    expect(after).toBeLessThan(before * 0.7);
    expect(result.embedder.info.fingerprint).not.toBe(baseline.info.fingerprint);
    expect(result.embedder.info.dimension).toBe(16);
    baseline.dispose();
    result.embedder.dispose();
  });

  it('continues an encoder in place, refreshes its fingerprint, and leaks no tensors', async () => {
    const embedder = createBertEmbedder(texts, tiny);
    const first = embedder.info.fingerprint;
    const before = tf.memory().numTensors;
    const result = await trainContrastiveEncoder(texts, { encoder: embedder, batchSize: 4, maxSteps: 3, progress: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.embedder).toBe(embedder);
    expect(embedder.info.fingerprint).not.toBe(first);
    embedder.dispose();
  });

  it('names what it cannot train on', async () => {
    await expect(trainContrastiveEncoder(['one text', 'one text', '  '], { ...tiny, progress: false })).rejects.toThrow(
      'expected at least 2 distinct non-empty texts (each needs another as its negative), got 1',
    );
    const embedder = createBertEmbedder(texts, tiny);
    await expect(trainContrastiveEncoder(texts, { encoder: embedder, vocabSize: 500 })).rejects.toThrow('leave out tokenizer, vocabSize and model');
    await expect(trainContrastiveEncoder(texts, { encoder: embedder, groups: ['a'] })).rejects.toThrow(`expected one group per text (${texts.length}), got 1`);
    embedder.dispose();
  });

  it('with ict views, learns question→passage retrieval from the passages alone', async () => {
    // The questions are only the yardstick: training sees the passages' sentences, never a question.
    const { passages, questions } = syntheticCollection();
    const passageTexts = passages.map(passageEmbeddingText);
    const options: BertEncoderOptions = { vocabSize: 300, model: { maxLength: 64, hiddenSize: 32, numLayers: 1, numHeads: 2, intermediateSize: 64 }, seed: 3 };
    const untrained = createBertEmbedder(passageTexts, options);
    const before = await recallAt1(untrained, passages, questions);
    const result = await trainContrastiveEncoder(passageTexts, { ...options, views: 'ict', batchSize: 12, maxSteps: 150, learningRate: 3e-3, temperature: 0.1, progress: false });
    const after = await recallAt1(result.embedder, passages, questions);
    // 12 passages: chance is 1/12; the untrained encoder is near it.
    expect(before).toBeLessThan(0.3);
    // Measured: 0.21 untrained; 0.35 to 0.50 after 150 steps (dropout masks are not
    // seeded, so runs differ); without dropout only 0.27. An encoder that learns nothing stays near 0.21.
    expect(after).toBeGreaterThan(before + 0.1);
    untrained.dispose();
    result.embedder.dispose();
  });
});

/** Share of questions whose own passage is the nearest by cosine. */
async function recallAt1(embedder: BertEmbedder, passages: Passage[], questions: { question: string; passageId: string }[]): Promise<number> {
  const p = await embedder.embed(passages.map(passageEmbeddingText));
  const q = await embedder.embed(questions.map((x) => x.question));
  let hits = 0;
  q.forEach((qv, i) => {
    const scores = p.map((pv) => pv.reduce((s, v, k) => s + v * qv[k], 0));
    if (passages[scores.indexOf(Math.max(...scores))].id === questions[i].passageId) hits++;
  });
  return hits / questions.length;
}
