import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { IncrementalDecoder } from './IncrementalDecoder';
import { ARCHITECTURES, maxAbsDiff, tinyGPT } from './test-helpers/tinyGPT';
import type { GPT } from './GPT';

/**
 * The reference: full forward passes of the functional model. Step k's logits are those of
 * the last position of its window (the last ≤ blockSize tokens of tokens[0..k]); by causality
 * the steps inside the first window are all rows of one pass, and the later windows (all
 * blockSize long) go through as one batch.
 */
function referenceLogits(gpt: GPT, tokens: number[], promptLength: number): Float32Array[] {
  const T = gpt.config.blockSize;
  const V = gpt.config.vocabSize;
  return tf.tidy(() => {
    const out: Float32Array[] = [];
    const first = tokens.slice(0, Math.min(tokens.length, T));
    const rows = gpt.logits([first]).dataSync();
    for (let end = promptLength; end <= first.length; end++) out.push(Float32Array.from(rows.subarray((end - 1) * V, end * V)));
    const later: number[][] = [];
    for (let end = Math.max(promptLength, T + 1); end <= tokens.length; end++) later.push(tokens.slice(end - T, end));
    if (later.length > 0) {
      const logits = gpt.logits(later);
      const last = tf.slice(logits, [0, T - 1, 0], [later.length, 1, V]).dataSync();
      for (let i = 0; i < later.length; i++) out.push(Float32Array.from(last.subarray(i * V, (i + 1) * V)));
    }
    return out;
  });
}

/** Feeds a fixed pseudo-random token sequence through the decoder; returns the worst logit difference from the reference. */
async function worstDifference(gpt: GPT, decoder: IncrementalDecoder, promptLength: number, steps: number): Promise<number> {
  const V = gpt.config.vocabSize;
  const tokens = Array.from({ length: promptLength }, (_, i) => 7 + ((i * 7 + 3) % (V - 7)));
  const got = [await decoder.start(tokens)];
  for (let step = 0; step < steps; step++) {
    const next = 7 + ((step * 11 + 5) % (V - 7));
    tokens.push(next);
    got.push(await decoder.append(next));
  }
  const expected = referenceLogits(gpt, tokens, promptLength);
  expect(expected.length).toBe(got.length);
  return Math.max(...got.map((g, i) => maxAbsDiff(g, expected[i])));
}

describe.each(['cpu', 'wasm'])('IncrementalDecoder on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe.each(ARCHITECTURES)('%s', (_name, overrides) => {
    describe('with the KV cache', () => {
      test('gives the logits of a full forward pass, within 1e-4, over 50 steps inside the window', async () => {
        const gpt = tinyGPT({ ...overrides, blockSize: 64 });
        const decoder = new IncrementalDecoder(gpt.layers, 64, true);
        expect(await worstDifference(gpt, decoder, 5, 50)).toBeLessThan(1e-4);
        expect(decoder.caching).toBe(true);
        decoder.dispose();
        gpt.dispose();
      });

      test('keeps agreeing after the window fills and slides (prompt 5, 50 steps, blockSize 16)', async () => {
        const gpt = tinyGPT({ ...overrides, blockSize: 16 });
        const decoder = new IncrementalDecoder(gpt.layers, 16, true);
        expect(await worstDifference(gpt, decoder, 5, 50)).toBeLessThan(1e-4);
        expect(decoder.caching).toBe(false); // slid: full passes over the window from then on
        expect(decoder.context.length).toBe(16);
        decoder.dispose();
        gpt.dispose();
      });

      test('leaks no tensors: the cache is freed by dispose() and by start()', async () => {
        const gpt = tinyGPT(overrides);
        const decoder = new IncrementalDecoder(gpt.layers, 16, true);
        await decoder.start([7, 8, 9]);
        const before = tf.memory().numTensors;
        await decoder.append(10);
        await decoder.append(11);
        expect(tf.memory().numTensors).toBe(before); // each step replaces the cache, same tensor count
        await decoder.start([7, 8, 9]);
        expect(tf.memory().numTensors).toBe(before);
        decoder.dispose();
        expect(tf.memory().numTensors).toBe(before - 2 * gpt.config.nLayer); // a key and a value per block
        gpt.dispose();
      });
    });

    test('without the cache it gives the full-pass logits, a prompt longer than blockSize keeping its end', async () => {
      const gpt = tinyGPT({ ...overrides, blockSize: 16 });
      const decoder = new IncrementalDecoder(gpt.layers, 16, false);
      const before = tf.memory().numTensors;
      expect(await worstDifference(gpt, decoder, 20, 10)).toBeLessThan(1e-5);
      expect(decoder.context.length).toBe(16);
      decoder.dispose();
      expect(tf.memory().numTensors).toBe(before);
      gpt.dispose();
    });
  });
});

test('refuses to start from nothing or to append before starting', async () => {
  await initBackend('cpu', { log: null });
  const gpt = tinyGPT();
  const decoder = new IncrementalDecoder(gpt.layers, 16, false);
  await expect(decoder.start([])).rejects.toThrow('expected at least one token to start decoding from, got none');
  await expect(decoder.append(7)).rejects.toThrow('call start(promptIds) before append()');
  gpt.dispose();
});
