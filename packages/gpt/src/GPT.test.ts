import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { CharTokenizer } from '@tfzoo/tokenizers';
import { cycleBatches, Trainer } from '@tfzoo/train';
import { GPT } from './GPT';
import { gptConfig } from './GPTConfig';
import type { LanguageModelBatch } from './languageModelTrainable';
import { ARCHITECTURES, maxAbsDiff, TINY_TEXT, tinyGPT } from './test-helpers/tinyGPT';

beforeAll(() => initBackend('cpu', { log: null }));

/** −log softmax(row)[target] in float64. */
function naiveNll(row: ArrayLike<number>, target: number): number {
  const values = Array.from(row);
  const max = Math.max(...values);
  return Math.log(values.reduce((s, x) => s + Math.exp(x - max), 0)) + max - values[target];
}

describe.each(ARCHITECTURES)('GPT (%s)', (_name, overrides) => {
  test.each(['cpu', 'wasm'])('is causal on %s: changing later tokens never changes the logits of earlier positions', async (backend) => {
    await initBackend(backend, { log: null });
    const gpt = tinyGPT({ ...overrides, dropout: 0.1 });
    const ids = gpt.encode('the cat sat on th');
    const T = 16;
    const base = gpt.logits([ids.slice(0, T)]);
    for (const t of [0, 5, 14]) {
      const changed = [...ids.slice(0, t + 1), ...ids.slice(t + 1, T).map((id) => 7 + ((id * 5 + 3) % (gpt.config.vocabSize - 7)))];
      expect(changed.slice(t + 1)).not.toEqual(ids.slice(t + 1, T));
      const other = gpt.logits([changed]);
      const prefix = (l: tf.Tensor3D) => tf.slice(l, [0, 0, 0], [1, t + 1, gpt.config.vocabSize]).dataSync();
      expect(maxAbsDiff(prefix(base), prefix(other))).toBeLessThan(1e-5);
      // …while the positions after t do change.
      expect(maxAbsDiff(base.dataSync(), other.dataSync())).toBeGreaterThan(1e-3);
      other.dispose();
    }
    base.dispose();
    gpt.dispose();
    await initBackend('cpu', { log: null });
  });

  test('has stable, readable weight names, the same in every instance', () => {
    const a = tinyGPT(overrides);
    const b = tinyGPT(overrides);
    const names = a.trainable().variables().map((v) => v.name);
    expect(names).toEqual(b.trainable().variables().map((v) => v.name));
    expect(names).toContain('decoder_1/self_attention/query_key_value/kernel');
    expect(names).toContain('embedding/token_embedding/embeddings');
    expect(names.includes('lm_head/kernel')).toBe(!overrides.tieEmbeddings);
    expect(names.includes('final_layer_norm/gamma')).toBe(overrides.norm === 'pre');
    a.dispose();
    b.dispose();
  });

  test('overfits a small batch to near-zero loss (wasm)', async () => {
    await initBackend('wasm', { log: null });
    const gpt = tinyGPT({ ...overrides, nEmbd: 32 });
    // Four windows whose first characters differ, so every target is determined by its prefix.
    const ids = gpt.encode(TINY_TEXT);
    const starts = [0, 4, 8, 12];
    const T = 16;
    const batch: LanguageModelBatch = {
      x: { data: Int32Array.from(starts.flatMap((s) => ids.slice(s, s + T))), shape: [4, T] },
      y: { data: Int32Array.from(starts.flatMap((s) => ids.slice(s + 1, s + T + 1))), shape: [4, T] },
    };
    const trainer = new Trainer(gpt.trainable(), { maxSteps: 100, learningRate: 1e-2, warmupSteps: 10, weightDecay: 0, evalEvery: 100, evalBatches: 1 });
    const result = await trainer.fit({ train: cycleBatches([batch]), eval: cycleBatches([batch]), progress: false, interrupt: { enabled: false } });
    trainer.dispose();
    expect(result.best!.value).toBeLessThan(0.02);
    gpt.dispose();
    await initBackend('cpu', { log: null });
  });
});

describe('GPT inputs and errors', () => {
  test('logits are (B, T, vocabSize) and rows longer than blockSize are refused', () => {
    const gpt = tinyGPT();
    const logits = gpt.logits([[7, 8, 9], [9, 8, 7]]);
    expect(logits.shape).toEqual([2, 3, gpt.config.vocabSize]);
    logits.dispose();
    expect(() => gpt.logits([new Array(17).fill(7)])).toThrow('expected at most blockSize = 16 tokens per row, got 17');
    expect(() => gpt.logits([[7, 99]])).toThrow(`expected token ids in [0, ${gpt.config.vocabSize}), got 99 at position [0, 1]`);
    gpt.dispose();
  });

  test('text with characters the tokenizer never saw is refused, naming them', () => {
    const gpt = tinyGPT();
    expect(() => gpt.encode('the cat: Ém', 'the prompt')).toThrow(
      `the prompt has characters the tokenizer never saw: ":" (at 7), "É" (at 9); the char tokenizer has ${gpt.config.vocabSize} ids`,
    );
    gpt.dispose();
  });

  test('a tokenizer of another vocabulary size is refused', () => {
    const tokenizer = CharTokenizer.fromTexts('abc');
    expect(() => new GPT(gptConfig({ vocabSize: 50, nLayer: 1, nEmbd: 8, nHead: 2 }), tokenizer)).toThrow('tokenizer vocabulary has 10 ids (char), but GPT (vocabSize 50) expects 50');
  });
});

describe('perplexity', () => {
  test('is exp of the mean −log P(tᵢ | t<ᵢ) computed from the logits, for every stride', async () => {
    const gpt = tinyGPT({ blockSize: 8 });
    const text = 'the dog sat on the mat.';
    const ids = gpt.encode(text);
    // Reference: each target i scored from the window of up to 8 tokens ending at i − 1, as stride 1 does.
    let total = 0;
    for (let i = 1; i < ids.length; i++) {
      const context = ids.slice(Math.max(0, i - 8), i);
      const logits = gpt.logits([context]);
      const row = tf.slice(logits, [0, context.length - 1, 0], [1, 1, gpt.config.vocabSize]).dataSync();
      total += naiveNll(row, ids[i]);
      logits.dispose();
    }
    const slidingLoss = total / (ids.length - 1);
    const sliding = await gpt.evaluateText(text, { stride: 1, batchSize: 3 });
    expect(sliding.tokens).toBe(ids.length - 1);
    expect(sliding.loss).toBeCloseTo(slidingLoss, 4);
    expect(await gpt.perplexity(text, { stride: 1 })).toBeCloseTo(Math.exp(slidingLoss), 3);

    // Non-overlapping windows (the default): windows [0, 9), [8, 17), [16, 23) score each target once.
    let windowTotal = 0;
    for (const [s, e] of [[0, 9], [8, 17], [16, ids.length]]) {
      const logits = gpt.logits([ids.slice(s, e - 1)]);
      const rows = logits.arraySync()[0];
      for (let t = 0; t < e - 1 - s; t++) windowTotal += naiveNll(rows[t], ids[s + t + 1]);
      logits.dispose();
    }
    const windows = await gpt.evaluateText(text);
    expect(windows.tokens).toBe(ids.length - 1);
    expect(windows.loss).toBeCloseTo(windowTotal / (ids.length - 1), 4);
    gpt.dispose();
  });

  test('needs two tokens and a valid stride', async () => {
    const gpt = tinyGPT();
    await expect(gpt.perplexity('t')).rejects.toThrow('expected a text of at least 2 tokens to score, got 1');
    await expect(gpt.perplexity('the cat', { stride: 0 })).rejects.toThrow('expected stride in [1, 16], got 0');
    gpt.dispose();
  });
});
