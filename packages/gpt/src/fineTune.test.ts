import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { fineTune } from './fineTune';
import type { LanguageModelBatch } from './languageModelTrainable';
import { fitExample, PromptCompletion, promptCompletionBatch } from './promptCompletionBatch';
import { maxAbsDiff, tinyGPT } from './test-helpers/tinyGPT';

const PAIRS: PromptCompletion[] = [
  { prompt: 'the cat sat on the', completion: ' mat.' },
  { prompt: 'the dog sat on the', completion: ' log.' },
  { prompt: 'the cat', completion: ' sat.' },
  { prompt: 'the dog', completion: ' sat on the log.' },
];

/** The loss and every gradient of a batch. */
function lossAndGrads(gpt: ReturnType<typeof tinyGPT>, batch: LanguageModelBatch): { loss: number; grads: Map<string, Float32Array> } {
  const variables = gpt.trainable().variables();
  const { value, grads } = tf.variableGrads(() => gpt.trainable().loss(batch, { training: false }), variables.map((v) => v.variable));
  const byName = new Map(variables.map((v) => [v.name, grads[v.variable.name].dataSync() as Float32Array]));
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: byName };
}

describe.each(['cpu', 'wasm'])('fine-tuning on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  test('prompt tokens have zero loss weight: changing their targets changes neither the loss nor any gradient', () => {
    const gpt = tinyGPT({ positional: 'learned', norm: 'pre' });
    const examples = PAIRS.map((p) => fitExample(gpt.encode(p.prompt), gpt.encode(p.completion), gpt.config.blockSize));
    const batch = promptCompletionBatch(examples);
    const base = lossAndGrads(gpt, batch);

    const weights = batch.weights!.data;
    const V = gpt.config.vocabSize;
    const changeTargets = (where: (i: number) => boolean): LanguageModelBatch => ({
      ...batch,
      y: { data: batch.y.data.map((id, i) => (where(i) ? 7 + ((id + 3) % (V - 7)) : id)), shape: batch.y.shape },
    });
    const promptChanged = lossAndGrads(gpt, changeTargets((i) => weights[i] === 0));
    expect(promptChanged.loss).toBe(base.loss);
    for (const [name, g] of base.grads) expect(maxAbsDiff(g, promptChanged.grads.get(name)!)).toBe(0);

    // Changing a completion target does change them, so the comparison above can fail.
    const firstCompletion = weights.indexOf(1);
    const completionChanged = lossAndGrads(gpt, changeTargets((i) => i === firstCompletion));
    expect(Math.abs(completionChanged.loss - base.loss)).toBeGreaterThan(1e-4);
    gpt.dispose();
  });
});

test('fineTune learns the completions (wasm)', async () => {
  await initBackend('wasm', { log: null });
  const gpt = tinyGPT({ nEmbd: 32, blockSize: 32, positional: 'learned', norm: 'pre' });
  const completionLoss = () => {
    const batch = promptCompletionBatch(PAIRS.map((p) => fitExample(gpt.encode(p.prompt), gpt.encode(p.completion), gpt.config.blockSize)));
    return tf.tidy(() => gpt.trainable().loss(batch, { training: false }).dataSync()[0]);
  };
  const before = completionLoss();
  const result = await gpt.fineTune(PAIRS, { batchSize: 4, trainConfig: { maxSteps: 80, learningRate: 1e-2 }, progress: false, validation: PAIRS });
  expect(result.step).toBe(80);
  const after = completionLoss();
  expect(before).toBeGreaterThan(2);
  expect(after).toBeLessThan(0.1);
  expect(result.best!.value).toBeCloseTo(after, 3);
  const { text } = await gpt.generate('the dog', { greedy: true, maxNewTokens: 20 });
  expect(text).toBe(' sat on the log.'); // …and stops: it learned the EOS after the completion
  gpt.dispose();
});

test('bad pairs are refused with the example number', async () => {
  await initBackend('cpu', { log: null });
  const gpt = tinyGPT();
  await expect(fineTune(gpt, [])).rejects.toThrow('expected at least one (prompt, completion) pair');
  await expect(fineTune(gpt, [PAIRS[0], { prompt: 'the', completion: '' }])).rejects.toThrow('example 1: expected a non-empty completion');
  await expect(fineTune(gpt, [{ prompt: 'the', completion: ' Cat' }])).rejects.toThrow('example 0: the completion has characters the tokenizer never saw: "C" (at 1)');
  gpt.dispose();
});
