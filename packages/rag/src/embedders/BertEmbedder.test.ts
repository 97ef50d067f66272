import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { BertClassifier } from '@tfzoo/bert';
import { initBackend } from '@tfzoo/core';
import { syntheticCollection } from '../generation/test-helpers/syntheticQA';
import { BertEmbedder } from './BertEmbedder';
import { createBertEmbedder, type BertEncoderOptions } from './createBertEmbedder';
import { EMBEDDER_FILE } from './embedderFile';

beforeAll(() => initBackend('wasm', { log: null }));

const texts = syntheticCollection().passages.map((p) => p.text);
const tiny: BertEncoderOptions = { vocabSize: 300, model: { maxLength: 48, hiddenSize: 16, numLayers: 1, numHeads: 2, intermediateSize: 32 }, seed: 3 };
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('BertEmbedder', () => {
  it('gives one unit vector of hiddenSize per text, the same on every call', async () => {
    const embedder = createBertEmbedder(texts, tiny);
    expect(embedder.info).toEqual({ kind: 'bert-encoder', dimension: 16, fingerprint: expect.stringMatching(/^bert-[0-9a-f]{16}$/) });
    const first = await embedder.embed(texts.slice(0, 5));
    const again = await embedder.embed(texts.slice(0, 5));
    expect(first).toHaveLength(5);
    for (const [i, v] of first.entries()) {
      expect(v).toHaveLength(16);
      expect(dot(v, v)).toBeCloseTo(1, 5);
      expect(Array.from(v)).toEqual(Array.from(again[i]));
    }
    // Different texts, different vectors (the test can fail).
    expect(dot(first[0], first[1])).toBeLessThan(0.9999);
    embedder.dispose();
  });

  it('gives a text the same vector alone, batched with longer texts, and in batches of one', async () => {
    const embedder = createBertEmbedder(texts, tiny);
    const short = 'Its capital is Quenta.';
    const [alone] = await embedder.embed([short]);
    const batch = await embedder.embed([texts[3], short, texts[7] + ' ' + texts[8]]);
    const single = await new BertEmbedder(embedder.classifier, { batchSize: 1 }).embed([texts[3], short]);
    for (let i = 0; i < alone.length; i++) {
      expect(batch[1][i]).toBeCloseTo(alone[i], 5);
      expect(single[1][i]).toBeCloseTo(alone[i], 5);
    }
    embedder.dispose();
  });

  it('fingerprints the weights: equal for equal encoders, different after one weight changes', () => {
    const a = createBertEmbedder(texts, tiny);
    const b = createBertEmbedder(texts, tiny);
    const otherSeed = createBertEmbedder(texts, { ...tiny, seed: 4 });
    const otherTokenizer = createBertEmbedder(texts, { ...tiny, vocabSize: 290 });
    expect(b.info.fingerprint).toBe(a.info.fingerprint);
    expect(otherSeed.info.fingerprint).not.toBe(a.info.fingerprint);
    expect(otherTokenizer.info.fingerprint).not.toBe(a.info.fingerprint);

    const before = a.info.fingerprint;
    const weight = a.classifier.variables().find((v) => v.name.startsWith('encoder_0/'))!.variable;
    tf.tidy(() => weight.assign(tf.add(weight, 1e-3)));
    expect(a.info.fingerprint).toBe(before); // a snapshot until refreshed
    expect(a.refreshInfo().fingerprint).not.toBe(before);
    expect(a.info.fingerprint).not.toBe(before);

    // The classification head plays no part in embed(), so it does not change the space.
    const head = b.classifier.variables().find((v) => v.name.startsWith('classifier/'))!.variable;
    tf.tidy(() => head.assign(tf.add(head, 1)));
    expect(b.refreshInfo().fingerprint).toBe(before);
    for (const e of [a, b, otherSeed, otherTokenizer]) e.dispose();
  });

  it('leaks no tensors while embedding or fingerprinting', async () => {
    const embedder = createBertEmbedder(texts, tiny);
    await embedder.embed(texts.slice(0, 2));
    const before = tf.memory().numTensors;
    await embedder.embed(texts);
    embedder.refreshInfo();
    expect(tf.memory().numTensors).toBe(before);
    embedder.dispose();
  });

  it('saves and loads to the same vectors and fingerprint, and refuses replaced weights', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-embedder-'));
    try {
      const embedder = createBertEmbedder(texts, tiny);
      await embedder.save(dir, { trainedOn: 'synthetic' });
      const loaded = await BertEmbedder.load(dir);
      expect(loaded.info).toEqual(embedder.info);
      const [x] = await embedder.embed([texts[2]]);
      const [y] = await loaded.embed([texts[2]]);
      expect(Array.from(y)).toEqual(Array.from(x));
      expect(JSON.parse(fs.readFileSync(path.join(dir, EMBEDDER_FILE), 'utf8')).metadata).toEqual({ trainedOn: 'synthetic' });

      // A plain classifier folder loads as an embedder too.
      const other = createBertEmbedder(texts, { ...tiny, seed: 9 });
      const plainDir = path.join(dir, 'plain');
      await other.classifier.save(plainDir);
      const plain = await BertEmbedder.load(plainDir);
      expect(plain.info).toEqual(other.info);

      // The same folder with another classifier's files but the old embedder.json is refused.
      const record = fs.readFileSync(path.join(dir, EMBEDDER_FILE));
      await other.classifier.save(dir);
      fs.writeFileSync(path.join(dir, EMBEDDER_FILE), record);
      await expect(BertEmbedder.load(dir)).rejects.toThrow(/weights hash to bert-[0-9a-f]+, but embedder.json recorded/);
      for (const e of [embedder, loaded, other, plain]) e.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wraps any BertClassifier, and names a bad batch size', () => {
    const classifier = createBertEmbedder(texts, tiny).classifier;
    expect(new BertEmbedder(classifier).info.dimension).toBe(classifier.config.hiddenSize);
    expect(() => new BertEmbedder(classifier, { batchSize: 0 })).toThrow('expected batchSize to be an integer >= 1, got 0');
    expect(classifier).toBeInstanceOf(BertClassifier);
    classifier.dispose();
  });
});
