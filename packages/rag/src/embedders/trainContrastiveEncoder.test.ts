import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { toTensor } from '@tfzoo/train';
import { syntheticCollection } from '../generation/test-helpers/syntheticQA';
import type { BertEmbedder } from './BertEmbedder';
import { contrastiveBatches, type ContrastiveBatch } from './contrastiveBatches';
import { contrastiveLoss } from './contrastiveLoss';
import { createBertEmbedder, type BertEncoderOptions } from './createBertEmbedder';
import { trainContrastiveEncoder } from './trainContrastiveEncoder';

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
    embedder.dispose();
  });
});
