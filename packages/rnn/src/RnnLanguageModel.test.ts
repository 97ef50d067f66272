import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { Random } from '@tfzoo/data';
import { Trainer } from '@tfzoo/train';
import { rnnLanguageModelParams } from './parameterCount';
import { disposeRecurrentState } from './RecurrentStack';
import { disposeStep, RnnLanguageModel } from './RnnLanguageModel';
import { cyclicLmBatch, randomIds } from './test-helpers/tasks';
import { expectClose } from './test-helpers/tensorAssertions';

describe.each(['lstm', 'gru'] as const)('RnnLanguageModel (%s) on wasm', (cell) => {
  beforeAll(() => initBackend('wasm', { log: null }));

  it('learns a cyclic sequence with the Trainer', async () => {
    const lm = new RnnLanguageModel({ cell, vocabSize: 12, hiddenSize: 24, numLayers: 2, seed: 1 });
    const rng = new Random(3);
    const trainer = new Trainer(lm, { maxSteps: 50, learningRate: 3e-2, warmupSteps: 5, weightDecay: 0 });
    let first = 0;
    let last = 0;
    for (let step = 0; step < 50; step++) {
      const { loss } = await trainer.trainStep(() => cyclicLmBatch(rng, 8, 12, 5));
      if (step === 0) first = loss;
      last = loss;
    }
    expect(first).toBeGreaterThan(2); // about ln 12 at the start
    expect(last).toBeLessThan(0.1);
    // Greedy generation continues the cycle.
    const generated = await lm.generate([7, 8, 9], { maxNewTokens: 7, temperature: 0 });
    expect(Array.from(generated)).toEqual([7, 8, 9, 10, 11, 7, 8, 9, 10, 11]);
    trainer.dispose();
    lm.dispose();
  });

  it('gives the same logits stepping with its state as reading the whole sequence', () => {
    const lm = new RnnLanguageModel({ cell, vocabSize: 20, hiddenSize: 16, embedDim: 8, numLayers: 2, seed: 2 });
    const ids = randomIds(new Random(4), 3, 6, 13);
    tf.tidy(() => {
      const whole = lm.logits(ids); // (3, 6, 20)
      const prompt = { data: ids.data.filter((_, i) => i % 6 < 2), shape: [3, 2] as [number, number] };
      let step = lm.start(prompt);
      expectClose(step.logits, tf.squeeze(tf.slice(whole, [0, 1, 0], [-1, 1, -1]), [1]), 1e-5);
      for (let t = 2; t < 6; t++) {
        const tokens = [0, 1, 2].map((b) => ids.data[b * 6 + t]);
        const next = lm.next(tokens, step.state);
        disposeStep(step);
        step = next;
        expectClose(step.logits, tf.squeeze(tf.slice(whole, [0, t, 0], [-1, 1, -1]), [1]), 1e-5);
      }
      disposeStep(step);
    });
    lm.dispose();
  });

  it('weights the loss per target: only the weighted positions count', () => {
    const lm = new RnnLanguageModel({ cell, vocabSize: 12, hiddenSize: 8, seed: 7 });
    const batch = cyclicLmBatch(new Random(6), 2, 4, 5);
    const weights = { data: Float32Array.from([0, 0, 0, 1, 0, 1, 0, 0]), shape: [2, 4] as [number, number] };
    const weighted = tf.tidy(() => lm.loss({ ...batch, weights }, { training: false }).dataSync()[0]);
    // By hand: −log softmax at (row 0, t 3) and (row 1, t 1), averaged.
    const expected = tf.tidy(() => {
      const logProbs = tf.logSoftmax(lm.logits(batch.x)).arraySync() as number[][][];
      const y = (b: number, t: number) => batch.y.data[b * 4 + t];
      return -(logProbs[0][3][y(0, 3)] + logProbs[1][1][y(1, 1)]) / 2;
    });
    expect(weighted).toBeCloseTo(expected, 5);
    expect(() => lm.loss({ ...batch, weights: { data: new Float32Array(4), shape: [1, 4] } }, { training: false })).toThrow('expected loss weights of shape [2, 4] like the inputs, got [1, 4]');
    lm.dispose();
  });

  it('counts its parameters as rnnLanguageModelParams does, and names its weights stably', () => {
    const lm = new RnnLanguageModel({ cell, vocabSize: 30, hiddenSize: 10, embedDim: 6, numLayers: 3 });
    expect(lm.countParams()).toBe(rnnLanguageModelParams(lm.config()));
    const names = lm.variables().map((v) => v.name);
    expect(names).toEqual([
      'token_embedding/embeddings',
      ...[0, 1, 2].flatMap((i) => [`${cell}_${i}/kernel`, `${cell}_${i}/recurrent_kernel`, `${cell}_${i}/bias`, ...(cell === 'gru' ? [`${cell}_${i}/recurrent_bias`] : [])]),
      'lm_head/kernel',
      'lm_head/bias',
    ]);
    // A second instance has the same names: checkpoints load across instances.
    const again = new RnnLanguageModel(lm.config());
    expect(again.variables().map((v) => v.name)).toEqual(names);
    lm.dispose();
    again.dispose();
  });

  it('saves and loads to identical logits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lm-'));
    const lm = new RnnLanguageModel({ cell, vocabSize: 15, hiddenSize: 8, seed: 5 });
    await lm.save(dir);
    const loaded = await RnnLanguageModel.load(dir);
    expect(loaded.config()).toEqual(lm.config());
    const ids = randomIds(new Random(1), 2, 5, 8);
    const [a, b] = [lm.logits(ids), loaded.logits(ids)];
    expectClose(a, b, 0);
    tf.dispose([a, b]);
    lm.dispose();
    loaded.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaks no tensors in loss, gradients, start/next and generate', async () => {
    const lm = new RnnLanguageModel({ cell, vocabSize: 12, hiddenSize: 8, dropout: 0.1 });
    const batch = cyclicLmBatch(new Random(0), 2, 5, 5);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => lm.loss(batch, { training: true }), lm.variables().map((v) => v.variable));
    tf.dispose([value, ...Object.values(grads)]);
    tf.dispose(lm.loss(batch, { training: false }));
    const step = lm.start(batch.x);
    const next = lm.next([7, 8], step.state);
    disposeStep(step);
    disposeStep(next);
    disposeRecurrentState(lm.zeroState(2));
    await lm.generate([7], { maxNewTokens: 4, seed: 3, topK: 3 });
    expect(tf.memory().numTensors).toBe(before);
    lm.dispose();
  });

  it('rejects out-of-vocabulary ids and mismatched targets, naming them', () => {
    const lm = new RnnLanguageModel({ cell, vocabSize: 10, hiddenSize: 4 });
    const x = { data: Int32Array.from([1, 2, 12]), shape: [1, 3] as [number, number] };
    const y = { data: Int32Array.from([2, 3, 4]), shape: [1, 3] as [number, number] };
    expect(() => lm.loss({ x, y }, { training: false })).toThrow('expected token ids in [0, 10), got 12 at position 2 in the inputs');
    expect(() => lm.loss({ x: y, y: { data: y.data, shape: [3, 1] } }, { training: false })).toThrow('expected targets of shape [1, 3] like the inputs, got [3, 1]');
    expect(() => new RnnLanguageModel({ cell: 'rnn' as never, vocabSize: 10, hiddenSize: 4 })).toThrow(`expected cell to be one of 'lstm', 'gru', got "rnn"`);
    lm.dispose();
  });
});
