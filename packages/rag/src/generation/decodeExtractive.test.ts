import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import type { GPT } from '@tfzoo/gpt';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { decodeExtractive } from './decodeExtractive';
import { syntheticCollection } from './test-helpers/syntheticQA';
import { preferTokens, tinyAnswerGPT } from './test-helpers/tinyAnswerGPT';

beforeAll(() => initBackend('wasm', { log: null }));

const WORD = /[\p{L}\p{M}\p{N}]/u;

/**
 * The same greedy constrained decoding, written naively: at every step, rescan every
 * source for runs equal to the tokens so far, judge word boundaries on the decoded text
 * around the run, and run the whole sequence through the model.
 */
function naiveExtractive(gpt: GPT, prompt: number[], sources: number[][], maxTokens: number, wholeWords: boolean): number[] {
  const text = (ids: number[]) => gpt.tokenizer.decode(ids);
  const startsWord = (s: number[], a: number) => a === 0 || !WORD.test(text(s.slice(0, a)).slice(-1)) || !WORD.test(text([s[a]])[0]);
  const endsWord = (s: number[], b: number) => b === s.length || !WORD.test(text(s.slice(0, b)).slice(-1)) || !WORD.test(text([s[b]])[0]);
  const out: number[] = [];
  while (out.length < maxTokens) {
    const allowed = new Set<number>();
    let mayEnd = false;
    for (const s of sources) {
      for (let start = 0; start + out.length <= s.length; start++) {
        if (!out.every((t, j) => s[start + j] === t) || (wholeWords && !startsWord(s, start))) continue;
        const next = s[start + out.length];
        if (next !== undefined && next >= 7) allowed.add(next);
        if (out.length > 0 && (!wholeWords || (endsWord(s, start + out.length) && /[\p{L}\p{N}]/u.test(text(out))))) mayEnd = true;
      }
    }
    if (mayEnd) allowed.add(SPECIAL_TOKENS.EOS);
    if (allowed.size === 0) break;
    const logits = tf.tidy(() => {
      const all = gpt.logits([[...prompt, ...out]]);
      return tf.slice(all, [0, prompt.length + out.length - 1, 0], [1, 1, -1]).dataSync();
    });
    const best = [...allowed].sort((a, b) => logits[b] - logits[a] || a - b)[0];
    if (best === SPECIAL_TOKENS.EOS) break;
    out.push(best);
  }
  return out;
}

function isRunOf(run: number[], sources: number[][]): boolean {
  return sources.some((s) => s.some((_, start) => run.every((t, j) => s[start + j] === t)));
}

describe('decodeExtractive', () => {
  const { passages, questions } = syntheticCollection(4);

  it('matches the naive constrained greedy decoder, and always copies a run of one source', async () => {
    for (let trial = 0; trial < 4; trial++) {
      const wholeWords = trial % 2 === 0;
      // A small vocabulary splits names into pieces, so word boundaries matter.
      const gpt = tinyAnswerGPT({}, trial < 2 ? 300 : 600);
      const sources = passages.slice(0, 2 + (trial % 2)).map((p) => gpt.tokenizer.encode(' ' + p.text));
      const prompt = gpt.tokenizer.encode(`Question: ${questions[trial].question}\nAnswer:`);
      const { ids } = await decodeExtractive(gpt, prompt, sources, { maxTokens: 6, wholeWords });
      expect(ids).toEqual(naiveExtractive(gpt, prompt, sources, 6, wholeWords));
      expect(ids.length).toBeGreaterThan(0);
      expect(isRunOf(ids, sources)).toBe(true);
      gpt.dispose();
    }
  });

  it('copies whole words: a preferred piece inside a word is not a start, and no run ends inside a word', async () => {
    const gpt = tinyAnswerGPT({}, 300);
    const encode = (t: string) => gpt.tokenizer.encode(t);
    const source = encode(' The river Morrow flows');
    const morrow = encode(' Morrow');
    expect(morrow.length).toBeGreaterThan(1); // pieces, with this small vocabulary
    // The model wants the second piece of "Morrow" then EOS: without whole words it copies that piece alone.
    preferTokens(gpt, [morrow[1], SPECIAL_TOKENS.EOS]);
    const pieces = await decodeExtractive(gpt, encode('Answer:'), [source], { maxTokens: 8, wholeWords: false });
    expect(pieces.ids).toEqual([morrow[1]]);
    const whole = await decodeExtractive(gpt, encode('Answer:'), [source], { maxTokens: 8 });
    expect(gpt.tokenizer.decode(whole.ids)).toMatch(/^ ?(The|river|Morrow|flows)( (river|Morrow|flows))*$/);
    gpt.dispose();
  });

  it('copies what the model prefers, stops at EOS, at the end of the source, or after maxTokens', async () => {
    const gpt = tinyAnswerGPT();
    const encode = (t: string) => gpt.tokenizer.encode(t);
    const sources = [encode(' Its capital is Quenta, a city'), encode(' The river Lumo flows')];
    const lumo = encode(' Lumo');
    // The model wants " Lumo", then EOS: the answer is " Lumo".
    preferTokens(gpt, [...lumo, SPECIAL_TOKENS.EOS]);
    const chosen = await decodeExtractive(gpt, encode('Answer:'), sources, { maxTokens: 5 });
    expect(gpt.decode(chosen.ids)).toBe(' Lumo');
    expect(chosen.stopReason).toBe('eos');

    // Preferring the rest of the second source over EOS copies it to its end.
    const tail = sources[1].slice(sources[1].indexOf(lumo[0]));
    preferTokens(gpt, tail);
    const toEnd = await decodeExtractive(gpt, encode('Answer:'), sources, { maxTokens: 10 });
    expect(toEnd.ids).toEqual(tail);
    expect(toEnd.stopReason).toBe('endOfSource');

    const capped = await decodeExtractive(gpt, encode('Answer:'), sources, { maxTokens: 1 });
    expect(capped).toEqual({ ids: [tail[0]], stopReason: 'maxTokens' });
    gpt.dispose();
  });

  it('offers EOS only where canEnd accepts the answer so far', async () => {
    const gpt = tinyAnswerGPT();
    const encode = (t: string) => gpt.tokenizer.encode(t);
    const source = encode(' the river Lumo flows');
    const [the] = encode(' the');
    preferTokens(gpt, [the, SPECIAL_TOKENS.EOS]);
    expect(gpt.decode((await decodeExtractive(gpt, encode('Answer:'), [source], { maxTokens: 5 })).ids)).toBe(' the');
    const notJustThe = (ids: readonly number[]) => gpt.decode(ids).trim() !== 'the';
    const longer = await decodeExtractive(gpt, encode('Answer:'), [source], { maxTokens: 5, canEnd: notJustThe });
    expect(gpt.decode(longer.ids)).toBe(' the river');
    expect(longer.stopReason).toBe('eos');
    gpt.dispose();
  });

  it('gives nothing without sources, never copies special ids, and leaks no tensors', async () => {
    const gpt = tinyAnswerGPT();
    expect(await decodeExtractive(gpt, [10, 11], [], { maxTokens: 4 })).toEqual({ ids: [], stopReason: 'endOfSource' });
    expect(await decodeExtractive(gpt, [10, 11], [[SPECIAL_TOKENS.UNK, SPECIAL_TOKENS.PAD]], { maxTokens: 4 })).toEqual({ ids: [], stopReason: 'endOfSource' });
    const sources = [gpt.tokenizer.encode(' ' + passages[0].text)];
    await decodeExtractive(gpt, [10, 11], sources, { maxTokens: 3 });
    const before = tf.memory().numTensors;
    await decodeExtractive(gpt, [10, 11], sources, { maxTokens: 5 });
    expect(tf.memory().numTensors).toBe(before);
    await expect(decodeExtractive(gpt, [10], sources, { maxTokens: 0 })).rejects.toThrow('expected maxTokens to be an integer >= 1, got 0');
    gpt.dispose();
  });
});
