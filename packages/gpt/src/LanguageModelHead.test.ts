import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { LanguageModelHead } from './LanguageModelHead';
import { maxAbsDiff } from './test-helpers/tinyGPT';

beforeAll(() => initBackend('cpu', { log: null }));

const hidden = () => tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;

test('untied: logits[b, t, v] = Σ_d h[b, t, d] W[d, v] + b[v]', () => {
  const head = new LanguageModelHead({ name: 'lm_head', vocabSize: 5 });
  const h = hidden();
  head.apply(h);
  head.setWeights([tf.randomNormal([4, 5], 0, 1, 'float32', 2), tf.randomNormal([5], 0, 1, 'float32', 3)]);
  const logits = head.apply(h) as tf.Tensor;
  expect(logits.shape).toEqual([2, 3, 5]);
  const [W, bias] = head.getWeights().map((w) => w.arraySync()) as [number[][], number[]];
  const hs = h.arraySync();
  const expected = hs.map((row) => row.map((vec) => bias.map((bv, v) => bv + vec.reduce((s, x, d) => s + x * W[d][v], 0))));
  expect(maxAbsDiff(logits.dataSync(), expected.flat(2))).toBeLessThan(1e-5);
  expect(head.weights.map((w) => w.originalName)).toEqual(['lm_head/kernel', 'lm_head/bias']);
});

test('tied: uses the token table transposed and owns only its bias', () => {
  const table = tf.variable(tf.randomNormal([5, 4], 0, 1, 'float32', 4));
  const source = { tokenEmbeddings: { read: () => table, shape: [5, 4] } as unknown as tf.LayerVariable };
  const head = new LanguageModelHead({ name: 'tied_head', vocabSize: 5, tied: true });
  head.tieTo(source);
  const h = hidden();
  const logits = head.apply(h) as tf.Tensor;
  expect(head.weights.map((w) => w.originalName)).toEqual(['tied_head/bias']);
  const expected = tf.matMul(tf.reshape(h, [6, 4]), table, false, true);
  expect(maxAbsDiff(logits.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
});

test('a tied head that was never connected says how to load it; an untied one refuses tieTo', () => {
  const tied = new LanguageModelHead({ name: 'loose', vocabSize: 5, tied: true });
  expect(() => tied.apply(hidden())).toThrow("LanguageModelHead 'loose' is tied to the token embeddings but not connected to them; load GPT models with loadGPT(dir)");
  const untied = new LanguageModelHead({ name: 'own', vocabSize: 5 });
  expect(() => untied.tieTo({ tokenEmbeddings: null as never })).toThrow("LanguageModelHead 'own' is untied");
});

test('getConfig round-trips through fromConfig', () => {
  const head = new LanguageModelHead({ name: 'lm_head', vocabSize: 7, tied: true, kernelStddev: 0.1 });
  const again = LanguageModelHead.fromConfig(LanguageModelHead, JSON.parse(JSON.stringify(head.getConfig()))) as LanguageModelHead;
  expect(again.getConfig()).toEqual(head.getConfig());
  expect(again.tied).toBe(true);
});
