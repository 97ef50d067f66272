import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { makeSeq2SeqBatch, Random } from '@tfzoo/data';
import { Trainer } from '@tfzoo/train';
import { RnnSeq2Seq } from './RnnSeq2Seq';

/** Sources of 2–4 ids in 7…11; the target is the source reversed. */
function reversalPairs(rng: Random, n: number): { sources: number[][]; targets: number[][] } {
  const sources = Array.from({ length: n }, () => Array.from({ length: 2 + rng.nextInt(3) }, () => 7 + rng.nextInt(5)));
  return { sources, targets: sources.map((s) => [...s].reverse()) };
}

describe.each(['lstm', 'gru'] as const)('RnnSeq2Seq (%s) on wasm', (cell) => {
  beforeAll(() => initBackend('wasm', { log: null }));

  it('learns to reverse short sequences and translates them greedily', async () => {
    const mt = new RnnSeq2Seq({ cell, sourceVocabSize: 12, targetVocabSize: 12, hiddenSize: 32, numLayers: 1, seed: 4 });
    const rng = new Random(8);
    const trainer = new Trainer(mt, { maxSteps: 150, learningRate: 3e-2, warmupSteps: 10, weightDecay: 0 });
    for (let step = 0; step < 150; step++) {
      await trainer.trainStep(() => {
        const { sources, targets } = reversalPairs(rng, 32);
        return makeSeq2SeqBatch(sources, targets);
      });
    }
    const test = reversalPairs(new Random(123), 40);
    const outputs = mt.translate(test.sources, { maxLength: 6 });
    const exact = outputs.filter((o, i) => Array.from(o).join() === test.targets[i].join()).length;
    expect(exact / test.sources.length).toBeGreaterThan(0.8);
    trainer.dispose();
    mt.dispose();
  });

  it('starts the decoder from the state after the last real source token (padding has no effect)', () => {
    const mt = new RnnSeq2Seq({ cell, sourceVocabSize: 12, targetVocabSize: 12, hiddenSize: 8, seed: 2 });
    const alone = makeSeq2SeqBatch([[7, 8]], [[9, 10]]);
    const padded = makeSeq2SeqBatch([[7, 8], [7, 8, 9, 10, 11]], [[9, 10], [9, 10]]);
    const a = tf.tidy(() => mt.loss(alone, { training: false }).dataSync()[0]);
    // Both rows of `padded` are weighted equally; the first matches `alone` exactly if padding is ignored.
    const second = makeSeq2SeqBatch([[7, 8, 9, 10, 11]], [[9, 10]]);
    const b = tf.tidy(() => mt.loss(second, { training: false }).dataSync()[0]);
    const both = tf.tidy(() => mt.loss(padded, { training: false }).dataSync()[0]);
    expect(both).toBeCloseTo((a + b) / 2, 5);
    mt.dispose();
  });

  it('saves and loads to identical translations, and leaks no tensors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-mt-'));
    const mt = new RnnSeq2Seq({ cell, sourceVocabSize: 12, targetVocabSize: 14, hiddenSize: 8, seed: 6 });
    await mt.save(dir);
    const loaded = await RnnSeq2Seq.load(dir);
    const names = loaded.variables().map((v) => v.name);
    expect(names[0]).toBe('encoder_token_embedding/embeddings');
    expect(names).toContain(`decoder_${cell}_1/recurrent_kernel`);
    const sources = [[7, 8, 9], [10]];
    const before = tf.memory().numTensors;
    expect(loaded.translate(sources, { maxLength: 5 }).map((o) => Array.from(o))).toEqual(mt.translate(sources, { maxLength: 5 }).map((o) => Array.from(o)));
    const batch = makeSeq2SeqBatch(sources, [[9, 9], [8]]);
    const { value, grads } = tf.variableGrads(() => mt.loss(batch, { training: true }), mt.variables().map((v) => v.variable));
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    mt.dispose();
    loaded.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
