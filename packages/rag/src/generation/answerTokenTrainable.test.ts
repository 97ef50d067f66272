import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { fitExample, promptCompletionBatch } from '@tfzoo/gpt';
import { Random } from '@tfzoo/data';
import { answerTokenTrainable } from './answerTokenTrainable';
import { tinyAnswerGPT } from './test-helpers/tinyAnswerGPT';

beforeAll(() => initBackend('wasm', { log: null }));

function randomBatch(seed: number) {
  const random = new Random(seed);
  const ids = (n: number) => Array.from({ length: n }, () => 7 + random.nextInt(300));
  return promptCompletionBatch([fitExample(ids(20), ids(3), 64), fitExample(ids(9), ids(1), 64), fitExample(ids(30), ids(5), 64)]);
}

describe('answerTokenTrainable', () => {
  it('gives the full model\'s weighted loss, for both architectures', () => {
    for (const overrides of [{}, { positional: 'sinusoidal' as const, norm: 'post' as const, tieEmbeddings: false }]) {
      const gpt = tinyAnswerGPT(overrides);
      for (const seed of [1, 2]) {
        const batch = randomBatch(seed);
        const [full, fast] = tf.tidy(() => [gpt.trainable().loss(batch, { training: false }).dataSync()[0], answerTokenTrainable(gpt).loss(batch, { training: false }).dataSync()[0]]);
        expect(fast).toBeCloseTo(full, 4);
      }
      gpt.dispose();
    }
  });

  it('has the full model\'s gradients, and leaks no tensors', () => {
    const gpt = tinyAnswerGPT();
    const batch = randomBatch(3);
    const vars = gpt.trainable().variables().map((v) => v.variable);
    const before = tf.memory().numTensors;
    const full = tf.variableGrads(() => gpt.trainable().loss(batch, { training: false }), vars);
    const fast = tf.variableGrads(() => answerTokenTrainable(gpt).loss(batch, { training: false }), vars);
    for (const name of Object.keys(full.grads)) {
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(full.grads[name], fast.grads[name]))).dataSync()[0]);
      expect(diff).toBeLessThan(1e-5);
    }
    tf.dispose([full.value, fast.value, ...Object.values(full.grads), ...Object.values(fast.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    gpt.dispose();
  });

  it('refuses weights other than 0 and 1', () => {
    const gpt = tinyAnswerGPT();
    const batch = randomBatch(4);
    batch.weights!.data[batch.weights!.data.indexOf(1)] = 0.5;
    expect(() => answerTokenTrainable(gpt).loss(batch, { training: false })).toThrow('expected loss weights of 0 or 1, got 0.5');
    gpt.dispose();
  });
});
