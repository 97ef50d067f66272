import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { DEFAULT_SUPPRESSED_TOKENS, GeneratedToken } from './generateTokens';
import { Sampler } from './Sampler';
import { ARCHITECTURES, tinyGPT } from './test-helpers/tinyGPT';

/** Plays back a fixed list of ids, whatever the logits; records the logits it was shown. */
class ScriptedSampler extends Sampler {
  readonly name = 'scripted';
  readonly seen: Float32Array[] = [];
  private next = 0;
  constructor(private readonly ids: number[]) {
    super();
  }
  sample(logits: Float32Array): number {
    this.seen.push(Float32Array.from(logits));
    return this.ids[this.next++ % this.ids.length];
  }
}

describe.each(['cpu', 'wasm'])('generation on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  test.each(ARCHITECTURES)('a seed reproduces the text; the KV cache does not change it (%s)', async (_name, overrides) => {
    const gpt = tinyGPT(overrides);
    // An untrained model produces EOS now and then; these tests want full-length runs.
    const options = { maxNewTokens: 20, temperature: 1.5, topK: 12, seed: 7, stopAtEos: false };
    const first = await gpt.generate('the ', options);
    expect(first.ids.length).toBe(20);
    expect((await gpt.generate('the ', options)).ids).toEqual(first.ids);
    expect((await gpt.generate('the ', { ...options, useCache: false })).ids).toEqual(first.ids);
    expect((await gpt.generate('the ', { ...options, seed: 8 })).ids).not.toEqual(first.ids);
    expect(first.text).toBe(gpt.decode(first.ids));
    gpt.dispose();
  });

  test('leaks no tensors across generate(), a stream left early, or a failed call', async () => {
    const gpt = tinyGPT();
    await gpt.generate('the', { maxNewTokens: 3, seed: 1 }); // warm-up: builds anything lazily built
    const before = tf.memory().numTensors;
    await gpt.generate('the cat', { maxNewTokens: 25, seed: 1 });
    await gpt.generate('the cat', { maxNewTokens: 25, seed: 1, useCache: false });
    for await (const token of gpt.generateStream('the', { maxNewTokens: 20, seed: 2 })) {
      if (token.index === 4) break;
    }
    await expect(gpt.generate('the', { sampler: new ScriptedSampler([999]), maxNewTokens: 5 })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
    gpt.dispose();
  });
});

describe('generation options', () => {
  beforeAll(() => initBackend('cpu', { log: null }));

  test('streams the same tokens to onToken and the async iterator; their texts add up to the result', async () => {
    const gpt = tinyGPT();
    const viaCallback: GeneratedToken[] = [];
    const result = await gpt.generate('the', { maxNewTokens: 12, seed: 3, stopAtEos: false, onToken: (t) => void viaCallback.push(t) });
    const stream = gpt.generateStream('the', { maxNewTokens: 12, seed: 3, stopAtEos: false });
    const viaIterator: GeneratedToken[] = [];
    let next = await stream.next();
    while (!next.done) {
      viaIterator.push(next.value);
      next = await stream.next();
    }
    expect(viaIterator).toEqual(viaCallback);
    expect(viaCallback.map((t) => t.text).join('')).toBe(result.text);
    expect(next.value).toMatchObject({ text: result.text, ids: result.ids, stopReason: 'maxNewTokens' });
    gpt.dispose();
  });

  test('greedy decoding is deterministic without a seed', async () => {
    const gpt = tinyGPT();
    const a = await gpt.generate('the', { maxNewTokens: 15, greedy: true, stopAtEos: false });
    const b = await gpt.generate('the', { maxNewTokens: 15, temperature: 0, stopAtEos: false });
    expect(a.ids).toEqual(b.ids);
    gpt.dispose();
  });

  test('a prompt longer than blockSize keeps its last blockSize tokens; generation runs past the window', async () => {
    const gpt = tinyGPT({ blockSize: 16 });
    const prompt = 'the cat sat on the mat. the dog sat';
    const result = await gpt.generate(prompt, { maxNewTokens: 40, seed: 1, stopAtEos: false });
    expect(result.promptIds).toEqual(gpt.encode(prompt).slice(-16));
    expect(result.ids.length).toBe(40);
    gpt.dispose();
  });

  test('stops at a stop string (excluded from the text) or at EOS; suppressed ids never reach the sampler', async () => {
    const gpt = tinyGPT();
    const [a, t, dot] = gpt.encode('at.');
    const sampler = new ScriptedSampler([a, t, dot, a, t]);
    const stopped = await gpt.generate('c', { sampler, stop: ['t.'], maxNewTokens: 10 });
    expect(stopped).toMatchObject({ text: 'a', stopReason: 'stop', ids: [a, t, dot] });
    for (const logits of sampler.seen) for (const id of DEFAULT_SUPPRESSED_TOKENS) expect(logits[id]).toBe(-Infinity);
    expect(sampler.seen[0][SPECIAL_TOKENS.EOS]).not.toBe(-Infinity);

    const eos = await gpt.generate('c', { sampler: new ScriptedSampler([a, t, SPECIAL_TOKENS.EOS, a]), maxNewTokens: 10 });
    expect(eos).toMatchObject({ text: 'at', stopReason: 'eos', ids: [a, t, SPECIAL_TOKENS.EOS] });
    const pastEos = await gpt.generate('c', { sampler: new ScriptedSampler([a, SPECIAL_TOKENS.EOS]), maxNewTokens: 4, stopAtEos: false });
    expect(pastEos).toMatchObject({ text: 'aa', stopReason: 'maxNewTokens' });
    // A partial stop string at the end is text after all.
    const partial = await gpt.generate('c', { sampler: new ScriptedSampler([a, t]), stop: 't.', maxNewTokens: 2 });
    expect(partial.text).toBe('at');
    gpt.dispose();
  });

  test('bad prompts and options are refused with the reason', async () => {
    const gpt = tinyGPT();
    await expect(gpt.generate('')).rejects.toThrow('the prompt is empty: give at least one token to continue from');
    await expect(gpt.generate('Zebra')).rejects.toThrow('the prompt has characters the tokenizer never saw: "Z" (at 0)');
    await expect(gpt.generate([7, 500])).rejects.toThrow(`expected token ids in [0, ${gpt.config.vocabSize}), got 500 at position 1 in the prompt`);
    await expect(gpt.generate('the', { maxNewTokens: -1 })).rejects.toThrow('expected maxNewTokens to be an integer >= 0, got -1');
    await expect(gpt.generate('the', { topP: 2 })).rejects.toThrow('expected topP in (0, 1], got 2');
    expect(await gpt.generate('the', { maxNewTokens: 0 })).toMatchObject({ text: '', ids: [] });
    gpt.dispose();
  });
});
