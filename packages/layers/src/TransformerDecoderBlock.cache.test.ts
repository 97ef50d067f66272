import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { DecoderBlockCache, disposeDecoderBlockCache } from './AttentionCache';
import { BACKENDS } from './test-helpers/backends';
import { expectClose, maxAbsDiff } from './test-helpers/tensorAssertions';
import { PositionalKind, TokenAndPositionEmbedding } from './TokenAndPositionEmbedding';
import { TransformerDecoderBlock, TransformerDecoderBlockArgs } from './TransformerDecoderBlock';

// Incremental decoding with TransformerDecoderBlock.callWithCache: feeding a sequence a few
// positions at a time must give the outputs of one full (causal) call, for GPT blocks and
// for translation blocks with cross-attention over a padded encoder output.

const B = 2;
const T = 12;
const D = 8;
const E = 5; // encoder length
const RANDOM_BIAS = { className: 'RandomNormal', config: { mean: 0, stddev: 0.3, seed: 9 } };

const decoder = (args: Partial<TransformerDecoderBlockArgs> = {}) =>
  new TransformerDecoderBlock({ name: 'decoder', numHeads: 2, intermediateDim: 16, biasInitializer: RANDOM_BIAS, ...args });
const sequence = (length: number, seed: number, features = D) => tf.randomNormal([B, length, features], 0, 1, 'float32', seed) as tf.Tensor3D;
const mask = (length: number) => tf.tensor2d([[...new Array<number>(length - 2).fill(1), 0, 0], new Array<number>(length).fill(1)]);
const steps = (x: tf.Tensor3D, start: number, size: number) => tf.slice(x, [0, start, 0], [x.shape[0], size, x.shape[2]]) as tf.Tensor3D;

describe.each(BACKENDS)('TransformerDecoderBlock incremental decoding on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  for (const norm of ['post', 'pre'] as const) {
    for (const withCross of [false, true]) {
      for (const chunks of [new Array<number>(T).fill(1), [5, 4, 3]]) {
        const title = `${norm}-norm${withCross ? ', cross-attention over a padded encoder output' : ''}, chunks ${chunks.length === T ? '1 × 12' : chunks.join(' + ')}`;
        it(`callWithCache equals the full call within 1e-5 (${title})`, () => {
          const block = decoder({ norm });
          const x = sequence(T, 1);
          const encoded = sequence(E, 2, 6);
          const encoderMask = mask(E);
          const full = block.apply(withCross ? [x, encoded, encoderMask] : x) as tf.Tensor3D;
          let cache: DecoderBlockCache | null = null;
          let start = 0;
          for (const size of chunks) {
            const chunk = steps(x, start, size);
            const step = block.callWithCache(chunk, cache, start === 0 && withCross ? { encoderOutput: encoded, encoderMask } : {});
            // Disposing the old cache whole must not break the new one (cross K/V shared).
            disposeDecoderBlockCache(cache);
            cache = step.cache;
            expect(cache.self!.key.shape).toEqual([B, 2, start + size, 4]);
            expect(cache.cross === null).toBe(!withCross);
            if (withCross) expect(cache.cross!.key.shape).toEqual([B, 2, E, 4]);
            expectClose(step.output, steps(full, start, size), 1e-5);
            tf.dispose([chunk, step.output]);
            start += size;
          }
          disposeDecoderBlockCache(cache);
        });
      }
    }
  }

  it('keeps padded encoder positions out of the cached cross-attention', () => {
    const block = decoder();
    const x = sequence(3, 1);
    const encoded = sequence(E, 2, 6);
    const encoderMask = mask(E); // batch 0: the last two positions are padding
    const garbage = tf.concat([tf.slice(encoded, [0, 0, 0], [1, E - 2, 6]), tf.randomNormal([1, 2, 6], 0, 5, 'float32', 3)], 1);
    const changed = tf.concat([garbage, tf.slice(encoded, [1, 0, 0], [1, E, 6])], 0) as tf.Tensor3D;
    const a = block.callWithCache(x, null, { encoderOutput: encoded, encoderMask });
    const b = block.callWithCache(x, null, { encoderOutput: changed, encoderMask });
    expectClose(b.output, a.output, 1e-5);
    const c = block.callWithCache(x, null, { encoderOutput: changed });
    expect(maxAbsDiff(c.output, a.output)).toBeGreaterThan(1e-3);
    [a, b, c].forEach((r) => disposeDecoderBlockCache(r.cache));
  });

  for (const positional of ['learned', 'sinusoidal'] as PositionalKind[]) {
    const withCross = positional === 'sinusoidal'; // the translation model's stack
    it(`a small ${withCross ? 'translation' : 'GPT'} stack (embedding → 2 blocks → dense) gives the same logits with and without the cache over 50 steps, within 1e-4`, () => {
      const vocab = 20;
      const steps50 = 50;
      const prompt = [[2, 7, 11], [2, 5, 5]];
      const embed = new TokenAndPositionEmbedding({ name: 'embed', vocabSize: vocab, maxLength: prompt[0].length + steps50, embedDim: 16, positional });
      const blocks = [0, 1].map((i) => new TransformerDecoderBlock({ name: `decoder_${i}`, numHeads: 2, intermediateDim: 32, norm: withCross ? 'post' : 'pre', activation: 'gelu', biasInitializer: RANDOM_BIAS }));
      const head = tf.layers.dense({ name: 'logits', units: vocab });
      const encoded = sequence(E, 4, 16);
      const encoderMask = mask(E);
      /** Logits (B, T, vocab) of every position of `ids`, in one full (causal) call without a cache. */
      const uncached = (ids: number[][]) =>
        tf.tidy(() => {
          let h = embed.apply(tf.tensor2d(ids, undefined, 'int32')) as tf.Tensor;
          for (const block of blocks) h = block.apply(withCross ? [h, encoded, encoderMask] : h) as tf.Tensor;
          return head.apply(h) as tf.Tensor3D;
        });
      let caches: (DecoderBlockCache | null)[] = blocks.map(() => null);
      /** Logits (B, vocab) of the last new position, feeding only `newIds` (B, Tnew) at `start`. */
      const cached = (newIds: number[][], start: number) => {
        const ids = tf.tensor2d(newIds, undefined, 'int32');
        let h = embed.embedAt(ids, start);
        const next = blocks.map((block, i) => {
          const step = block.callWithCache(h, caches[i], start === 0 && withCross ? { encoderOutput: encoded, encoderMask } : {});
          h.dispose();
          h = step.output;
          return step.cache;
        });
        caches.forEach(disposeDecoderBlockCache);
        caches = next;
        const logits = tf.tidy(() => tf.squeeze(tf.slice(head.apply(h) as tf.Tensor3D, [0, newIds[0].length - 1, 0], [B, 1, vocab]), [1]) as tf.Tensor2D);
        tf.dispose([ids, h]);
        return logits;
      };

      // Generate greedily with the cache: the prompt as one chunk, then one token per step.
      const ids = prompt.map((row) => [...row]);
      const cachedLogits: tf.Tensor2D[] = [cached(ids, 0)];
      for (let step = 1; step < steps50; step++) {
        const next = tf.tidy(() => tf.argMax(cachedLogits[step - 1], 1)).arraySync() as number[];
        next.forEach((id, b) => ids[b].push(id));
        cachedLogits.push(cached(next.map((id) => [id]), ids[0].length - 1));
      }
      expect(caches[0]!.self!.key.shape[2]).toBe(prompt[0].length + steps50 - 1);
      // Without a cache, the logits at each step are those of the last position of the
      // sequence so far, which (the decoder being causal) are row t of one full call.
      const full = uncached(ids); // (B, 3 + 49, vocab)
      cachedLogits.forEach((logits, step) => expectClose(logits, tf.squeeze(tf.slice(full, [0, prompt[0].length - 1 + step, 0], [B, 1, vocab]), [1]), 1e-4));
      tf.dispose([full, ...cachedLogits]);
      caches.forEach(disposeDecoderBlockCache);
    });
  }

  it('does not leak tensors over 20 cached steps with cross-attention', () => {
    const block = decoder({ norm: 'pre' });
    const x = sequence(20, 1);
    const encoded = sequence(E, 2, 6);
    const encoderMask = mask(E);
    tf.dispose(block.apply([x, encoded, encoderMask]) as tf.Tensor); // build
    const before = tf.memory().numTensors;
    let cache: DecoderBlockCache | null = null;
    const outputs: tf.Tensor[] = [];
    for (let t = 0; t < 20; t++) {
      const xt = steps(x, t, 1);
      const step: { output: tf.Tensor3D; cache: DecoderBlockCache } = block.callWithCache(xt, cache, t === 0 ? { encoderOutput: encoded, encoderMask } : {});
      disposeDecoderBlockCache(cache);
      cache = step.cache;
      outputs.push(step.output);
      xt.dispose();
    }
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    disposeDecoderBlockCache(cache);
    tf.dispose(outputs);
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('errors name the bad value and what was expected', () => {
    it('requires encoderOutput on the first call of a cross-attention block, and only then', () => {
      const block = decoder();
      tf.dispose(block.apply([sequence(3, 1), sequence(E, 2, 6)]) as tf.Tensor);
      expect(() => block.callWithCache(sequence(1, 1), null)).toThrow(
        /TransformerDecoderBlock 'decoder' has cross-attention: the first callWithCache of a sequence \(cache null\) needs options.encoderOutput/,
      );
      const { cache } = block.callWithCache(sequence(1, 1), null, { encoderOutput: sequence(E, 2, 6) });
      expect(() => block.callWithCache(sequence(1, 3), cache, { encoderOutput: sequence(E, 2, 6) })).toThrow(
        /callWithCache was given encoderOutput but cache.cross already holds the encoder keys\/values/,
      );
      expect(() => block.callWithCache(sequence(1, 3), cache, { encoderMask: mask(E) })).toThrow(/callWithCache was given encoderMask but cache.cross already holds/);
      expect(() => block.callWithCache(sequence(1, 3), null, { encoderOutput: tf.zeros([3, E, 6]) as tf.Tensor3D })).toThrow(
        /x \[2, 1, 8\] and encoderOutput \[3, 5, 6\] have different batch sizes/,
      );
      expect(() => block.callWithCache(sequence(1, 3), null, { encoderOutput: sequence(E, 2, 6), encoderMask: mask(E + 1) })).toThrow(
        /expected contextMask of shape \[2, 5\] \(batch, keys\), got \[2, 6\]/,
      );
    });

    it('rejects encoder inputs on a block without cross-attention', () => {
      const block = decoder();
      expect(() => block.callWithCache(sequence(1, 1), null).output).not.toThrow();
      expect(() => block.callWithCache(sequence(1, 1), null, { encoderOutput: sequence(E, 2, 6) })).toThrow(
        /built without cross-attention but callWithCache was given encoderOutput of shape \[2, 5, 6\]/,
      );
    });

    it('rejects a cache of the wrong batch or heads and x of the wrong width', () => {
      const block = decoder();
      const { cache } = block.callWithCache(sequence(3, 1), null);
      expect(() => block.callWithCache(tf.zeros([1, 1, D]) as tf.Tensor3D, cache)).toThrow(
        /MultiHeadAttention 'self_attention': expected cache.key of shape \(batch 1, heads 2, length, keyDim 4\) for \[1, 1, 8\] inputs, got \[2, 2, 3, 4\]/,
      );
      const otherHeads = decoder({ numHeads: 4 }).callWithCache(sequence(3, 1), null).cache;
      expect(() => block.callWithCache(sequence(1, 2), otherHeads)).toThrow(/expected cache.key of shape \(batch 2, heads 2, length, keyDim 4\) .* got \[2, 4, 3, 2\]/);
      expect(() => block.callWithCache(sequence(1, 2, 6), cache)).toThrow(/TransformerDecoderBlock 'decoder': expected input features 8 \(the size it was built for\), got shape \[2, 1, 6\]/);
    });
  });
});
