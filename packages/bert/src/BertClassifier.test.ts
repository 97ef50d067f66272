import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { WordTokenizer } from '@tfzoo/tokenizers';
import { BertClassifier } from './BertClassifier';
import { BERT_LAYER_NAMES } from './buildBertGraph';
import { loadBertClassifier } from './loadBertClassifier';
import { toyClassifier, toyTokenizer } from './test-helpers/toyTask';

beforeAll(() => initBackend('cpu', { log: null }));

describe('BertClassifier', () => {
  it('gives a text the same probability alone, in a batch with longer texts, and padded by hand', async () => {
    // Random biases, post- and pre-norm, sinusoidal positions: nothing may see the padding.
    for (const options of [{ norm: 'post' as const }, { norm: 'pre' as const, positional: 'sinusoidal' as const, numLayers: 2 }]) {
      const clf = toyClassifier({ ...options, seed: 3 });
      randomizeVectors(clf);
      const short = 'w1 w2 w3';
      const [alone] = await clf.predict([short]);
      const batch = await clf.predict(['w4 w5 w6 w7 w8 w9 w10 w11 w12 w13', short, 'w2 w2 w2 w2 w2 w2 w2 w2 w2 w2 w2 w2']);
      expect(batch[1]).toBeCloseTo(alone, 6);

      // The same ids with 9 PAD columns appended, through the raw model.
      const ids = clf.inputIds([short]);
      const padded = new Int32Array(ids.shape[1] + 9);
      padded.set(ids.data);
      const logits = tf.tidy(() => tf.sigmoid(clf.logits(tf.tensor2d(padded, [1, padded.length], 'int32'))).dataSync()[0]);
      expect(logits).toBeCloseTo(alone, 6);
      // …and a different text does get a different probability (the test can fail).
      const [other] = await clf.predict(['w9 w9 w1']);
      expect(Math.abs(other - alone)).toBeGreaterThan(1e-4);
      clf.dispose();
    }
  });

  it('leaks no tensors across predict, classify, predictProbabilities and embed', async () => {
    const clf = toyClassifier();
    const texts = ['w1 w2', 'w3 w4 w5 w6', 'w7'];
    await clf.predict(texts); // warm-up: lazily created tensors are not leaks
    const before = tf.memory().numTensors;
    await clf.predict(texts, { batchSize: 2 });
    await clf.classify(texts, 0.3);
    await clf.predictProbabilities(texts);
    await clf.embed(texts);
    expect(tf.memory().numTensors).toBe(before);
    clf.dispose();
  });

  it('predicts probabilities in [0, 1] whose classes sum to 1, and thresholds them', async () => {
    const clf = toyClassifier();
    randomizeVectors(clf);
    const texts = ['w1 w2', 'w3 w4 w5 w6', 'w7', ''];
    const p = await clf.predict(texts);
    const rows = await clf.predictProbabilities(texts);
    p.forEach((pi, i) => {
      expect(pi).toBeGreaterThan(0);
      expect(pi).toBeLessThan(1);
      expect(rows[i][1]).toBeCloseTo(pi, 6);
      expect(rows[i][0] + rows[i][1]).toBeCloseTo(1, 6);
    });
    const median = [...p].sort((a, b) => a - b)[2];
    expect(await clf.classify(texts, median)).toEqual(p.map((x) => (x >= median ? 1 : 0)));
    expect(await clf.classify(texts, 0)).toEqual([1, 1, 1, 1]);
    await expect(clf.classify(texts, 1.5)).rejects.toThrow('expected a threshold in [0, 1], got 1.5');
    clf.dispose();
  });

  it('has a softmax head for more than two classes', async () => {
    const clf = toyClassifier({ numClasses: 3, classNames: ['a', 'b', 'c'] });
    randomizeVectors(clf);
    const rows = await clf.predictProbabilities(['w1 w2', 'w3']);
    for (const row of rows) {
      expect(row).toHaveLength(3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    expect(await clf.classify(['w1 w2', 'w3'])).toEqual(rows.map((r) => r.indexOf(Math.max(...r))));
    await expect(clf.predict(['w1'])).rejects.toThrow('this one has 3 classes: use predictProbabilities');
    await expect(clf.classify(['w1'], 0.5)).rejects.toThrow('a threshold applies to binary classifiers only');
    clf.dispose();
  });

  it('embeds texts as unit vectors equal to the normalised masked mean of the encoder output', async () => {
    const clf = toyClassifier();
    randomizeVectors(clf);
    const texts = ['w1 w2 w3', 'w4'];
    const vectors = await clf.embed(texts);
    const ids = clf.inputIds(texts);
    const hidden = tf.tidy(() => clf.encoder.predict(tf.tensor2d(ids.data, ids.shape, 'int32')) as tf.Tensor3D);
    const h = hidden.arraySync();
    hidden.dispose();
    texts.forEach((_, b) => {
      const real = Array.from({ length: ids.shape[1] }, (_, t) => t).filter((t) => ids.data[b * ids.shape[1] + t] !== 0);
      const mean = h[b][0].map((_, j) => real.reduce((s, t) => s + h[b][t][j], 0) / real.length);
      const norm = Math.hypot(...mean);
      expect(vectors[b]).toHaveLength(16);
      expect(Math.hypot(...vectors[b])).toBeCloseTo(1, 5);
      vectors[b].forEach((v, j) => expect(v).toBeCloseTo(mean[j] / norm, 5));
    });
    clf.dispose();
  });

  it('saves and loads to identical predictions, config and tokenizer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-bert-'));
    try {
      const clf = toyClassifier({ classNames: ['no', 'yes'] });
      randomizeVectors(clf);
      const texts = ['w1 w2 w7', 'w3 w4 w5 w6', 'w19 unknownword'];
      const expected = await clf.predict(texts);
      await clf.save(path.join(dir, 'model'));
      const loaded = await loadBertClassifier(path.join(dir, 'model'));
      expect(loaded.config).toEqual(clf.config);
      expect(loaded.tokenizer.toJSON()).toEqual(clf.tokenizer.toJSON());
      expect(await loaded.predict(texts)).toEqual(expected);
      expect(await loaded.embed(texts)).toEqual(await clf.embed(texts));
      // A second save replaces the first.
      await loaded.save(path.join(dir, 'model'));
      expect(fs.readdirSync(dir)).toEqual(['model']);
      loaded.dispose();
      clf.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every weight stably, independent of other instances', () => {
    const a = toyClassifier();
    const b = toyClassifier();
    const names = a.variables().map((v) => v.name);
    expect(b.variables().map((v) => v.name)).toEqual(names);
    expect(names).toContain('embeddings/token_embedding/embeddings');
    expect(names).toContain('encoder_0/self_attention/query_key_value/kernel');
    expect(names).toContain(`${BERT_LAYER_NAMES.classifier}/kernel`);
    a.dispose();
    b.dispose();
  });

  it('draws the same initial weights for the same seed, different ones for another', () => {
    const values = (seed: number) => {
      const clf = toyClassifier({ seed });
      const out = clf.variables().map((v) => Array.from(v.variable.dataSync()));
      clf.dispose();
      return out;
    };
    expect(values(5)).toEqual(values(5));
    expect(values(5)).not.toEqual(values(6));
  });

  it('reports bad inputs clearly', async () => {
    const tokenizer = toyTokenizer();
    const wrong = WordTokenizer.fromTexts(['a b c d e f g'], { minFrequency: 1 });
    expect(() => new BertClassifier(toyClassifier().config, wrong)).toThrow('BertClassifierConfig');
    expect(() => BertClassifier.create(tokenizer, { numHeads: 3, hiddenSize: 16 })).toThrow('BertClassifierConfig.numHeads: 3 does not divide hiddenSize 16');
    const clf = toyClassifier();
    await expect(clf.predict('w1' as unknown as string[])).rejects.toThrow('got a string (wrap it in [ ])');
    await expect(clf.predict(['w1'], { batchSize: 0 })).rejects.toThrow('expected batchSize to be an integer >= 1, got 0');
    clf.dispose();
    await expect(clf.predict(['w1'])).rejects.toThrow('this BertClassifier has been disposed');
  });
});

/** Random biases and layer-norm offsets, so that an untrained model is not near-symmetric. */
function randomizeVectors(clf: BertClassifier): void {
  tf.tidy(() => {
    clf.variables().forEach((v, i) => {
      if (v.variable.rank === 1) v.variable.assign(tf.randomNormal(v.variable.shape, 0, 0.5, 'float32', 100 + i));
    });
  });
}
