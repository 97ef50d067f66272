import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import type { GPT } from '@tfzoo/gpt';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { scoreSpans } from './scoreSpans';
import { preferTokens, tinyAnswerGPT } from './test-helpers/tinyAnswerGPT';

beforeAll(() => initBackend('wasm', { log: null }));

const WORD = /[\p{L}\p{M}\p{N}]/u;

/** log P(span, EOS | prompt) by a full forward pass over prompt + span. */
function naiveLogProb(gpt: GPT, prompt: number[], span: number[]): number {
  return tf.tidy(() => {
    const T = prompt.length + span.length;
    const logProbs = tf.logSoftmax(tf.squeeze(gpt.logits([[...prompt, ...span]]), [0])).arraySync() as number[][]; // (T, V)
    const targets = [...span, SPECIAL_TOKENS.EOS];
    return targets.reduce((sum, id, j) => sum + logProbs[T - span.length - 1 + j][id], 0);
  });
}

/** Every whole-word run (word boundaries judged on the decoded text) of up to maxTokens tokens, scored naively; the best by mean log-probability. */
function naiveBest(gpt: GPT, prompt: number[], sources: number[][], maxTokens: number, normalize: 'mean' | 'sum'): { ids: number[]; logProb: number } {
  const text = (ids: number[]) => gpt.tokenizer.decode(ids);
  const boundary = (s: number[], k: number) => k === 0 || k === s.length || !WORD.test(text(s.slice(0, k)).slice(-1)) || !WORD.test(text([s[k]])[0]);
  let best: { ids: number[]; logProb: number; score: number } | null = null;
  for (const s of sources) {
    for (let a = 0; a < s.length; a++) {
      for (let b = a + 1; b <= Math.min(s.length, a + maxTokens); b++) {
        const ids = s.slice(a, b);
        if (!boundary(s, a) || !boundary(s, b) || !/[\p{L}\p{N}]/u.test(text(ids))) continue;
        const logProb = naiveLogProb(gpt, prompt, ids);
        const score = normalize === 'mean' ? logProb / (ids.length + 1) : logProb;
        if (best === null || score > best.score + 1e-6) best = { ids, logProb, score };
      }
    }
  }
  return best!;
}

describe('scoreSpans', () => {
  it('finds the span a naive exhaustive scorer finds, with the same log-likelihood (mean and sum)', async () => {
    for (const [trial, normalize] of (['mean', 'sum', 'mean'] as const).entries()) {
      // A small vocabulary splits names into pieces, so word boundaries matter.
      const gpt = tinyAnswerGPT({ dropout: 0 }, trial === 0 ? 300 : 600);
      tf.tidy(() => {
        // Random weights of a larger scale than the initialiser's, so the spans' scores differ clearly.
        for (const v of gpt.trainable().variables()) v.variable.assign(tf.randomNormal(v.variable.shape, 0, 0.5, 'float32', 17 + trial));
      });
      const encode = (t: string) => gpt.tokenizer.encode(t);
      const sources = [encode(' Its capital is Quenta, a city on the river Lumo.'), encode(' Zorbia was founded in 1200.')];
      const prompt = encode('Question: Which river flows through Quenta?\nAnswer:');
      const expected = naiveBest(gpt, prompt, sources, 5, normalize);
      const got = await scoreSpans(gpt, prompt, sources, { maxTokens: 5, normalize, rowsPerBatch: trial === 2 ? 3 : 64 });
      expect(got!.ids).toEqual(expected.ids);
      expect(got!.logProb).toBeCloseTo(expected.logProb, 3);
      gpt.dispose();
    }
  });

  it('picks what the model prefers, whole words only, where canEnd accepts', async () => {
    const gpt = tinyAnswerGPT({}, 300);
    const encode = (t: string) => gpt.tokenizer.encode(t);
    const source = encode(' the river Morrow flows');
    const morrow = encode(' Morrow');
    expect(morrow.length).toBeGreaterThan(1);
    preferTokens(gpt, [...morrow, SPECIAL_TOKENS.EOS]);
    expect(gpt.decode((await scoreSpans(gpt, encode('Answer:'), [source], { maxTokens: 6 }))!.ids)).toBe(' Morrow');
    // The piece alone is what the model likes best without whole words.
    preferTokens(gpt, [morrow[1], SPECIAL_TOKENS.EOS]);
    expect((await scoreSpans(gpt, encode('Answer:'), [source], { maxTokens: 6, wholeWords: false }))!.ids).toEqual([morrow[1]]);
    const [the] = encode(' the');
    preferTokens(gpt, [the, SPECIAL_TOKENS.EOS]);
    expect(gpt.decode((await scoreSpans(gpt, encode('Answer:'), [source], { maxTokens: 6 }))!.ids)).toBe(' the');
    const notJustThe = (ids: readonly number[]) => gpt.decode(ids).trim() !== 'the';
    expect(gpt.decode((await scoreSpans(gpt, encode('Answer:'), [source], { maxTokens: 6, canEnd: notJustThe }))!.ids)).not.toBe(' the');
    gpt.dispose();
  });

  it('returns null without a candidate, checks its arguments, and leaks no tensors', async () => {
    const gpt = tinyAnswerGPT();
    expect(await scoreSpans(gpt, [10, 11], [], { maxTokens: 4 })).toBeNull();
    expect(await scoreSpans(gpt, [10, 11], [[SPECIAL_TOKENS.UNK, SPECIAL_TOKENS.PAD]], { maxTokens: 4 })).toBeNull();
    const sources = [gpt.tokenizer.encode(' Its capital is Quenta, a city on the river Lumo.')];
    await scoreSpans(gpt, [10, 11], sources, { maxTokens: 3 });
    const before = tf.memory().numTensors;
    await scoreSpans(gpt, [10, 11], sources, { maxTokens: 5, rowsPerBatch: 2 });
    expect(tf.memory().numTensors).toBe(before);
    await expect(scoreSpans(gpt, [10], sources, { maxTokens: 0 })).rejects.toThrow('expected maxTokens to be an integer >= 1, got 0');
    await expect(scoreSpans(gpt, new Array(160).fill(10), sources, { maxTokens: 4 })).rejects.toThrow('leaves no room');
    gpt.dispose();
  });
});
