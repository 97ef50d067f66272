import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { AttentionCache, disposeAttentionCache } from './AttentionCache';
import { MultiHeadAttention, MultiHeadAttentionArgs } from './MultiHeadAttention';
import { BACKENDS } from './test-helpers/backends';
import { expectClose, maxAbsDiff } from './test-helpers/tensorAssertions';

// Incremental decoding: callWithCache (self-attention with a KV cache) and
// computeCrossCache/attendToCache (cross-attention over precomputed encoder keys/values)
// must reproduce the full call exactly, without leaking tensors.

const B = 2;
const T = 12;
const D = 8;
const RANDOM_BIAS = { className: 'RandomNormal', config: { mean: 0, stddev: 0.5, seed: 3 } };

const sequence = (length: number, features: number, seed: number) => tf.randomNormal([B, length, features], 0, 1, 'float32', seed) as tf.Tensor3D;
// Batch element 0 has two padding positions at the end; element 1 has none.
const mask = (length: number) => tf.tensor2d([[...new Array<number>(length - 2).fill(1), 0, 0], new Array<number>(length).fill(1)]);
const timeSlice = <R extends tf.Rank>(x: tf.Tensor<R>, start: number, size: number, axis: number) => {
  const begin = x.shape.map((_, i) => (i === axis ? start : 0));
  const sizes = x.shape.map((d, i) => (i === axis ? size : d));
  return tf.slice(x, begin, sizes) as tf.Tensor<R>;
};

function mha(args: Partial<MultiHeadAttentionArgs> = {}): MultiHeadAttention {
  return new MultiHeadAttention({ name: 'mha', numHeads: 2, keyDim: 4, causal: true, biasInitializer: RANDOM_BIAS, ...args });
}

/** Feeds x through callWithCache in chunks of the given sizes; returns each chunk's output and weights. */
function runCached(layer: MultiHeadAttention, x: tf.Tensor3D, chunks: number[]): { output: tf.Tensor3D; attention: tf.Tensor4D; start: number }[] {
  let cache: AttentionCache | null = null;
  let start = 0;
  const steps = chunks.map((size) => {
    const chunk = timeSlice(x, start, size, 1);
    const step = layer.callWithCache(chunk, cache, { returnAttention: true });
    chunk.dispose();
    disposeAttentionCache(cache); // the caller owns the old cache
    cache = step.cache;
    expect(cache.key.shape).toEqual([B, layer.numHeads, start + size, layer.keyDim]);
    expect(cache.value.shape).toEqual([B, layer.numHeads, start + size, layer.valueDim]);
    const result = { output: step.output, attention: step.attention!, start };
    start += size;
    return result;
  });
  disposeAttentionCache(cache);
  return steps;
}

describe.each(BACKENDS)('MultiHeadAttention incremental decoding on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('callWithCache equals one causal full call within 1e-5', () => {
    const configs: { title: string; args: Partial<MultiHeadAttentionArgs> }[] = [
      { title: '2 heads', args: {} },
      { title: '3 heads, valueDim ≠ keyDim, outputDim ≠ D, no biases', args: { numHeads: 3, valueDim: 3, outputDim: 6, useBias: false } },
    ];
    const feeds: { title: string; chunks: number[] }[] = [
      { title: 'one position at a time', chunks: new Array<number>(T).fill(1) },
      { title: 'in chunks of 5 + 4 + 3', chunks: [5, 4, 3] },
    ];
    for (const config of configs) {
      for (const feed of feeds) {
        it(`${config.title}, ${feed.title}: outputs and attention weights`, () => {
          const layer = mha(config.args);
          const x = sequence(T, D, 1);
          const full = layer.callAndReturnAttention(x); // (B, T, O), (B, H, T, T)
          for (const step of runCached(layer, x, feed.chunks)) {
            const size = step.output.shape[1];
            const end = step.start + size;
            expectClose(step.output, timeSlice(full.output, step.start, size, 1), 1e-5);
            // Chunk rows of the full weights, over the keys seen so far (the rest is 0: causal).
            expect(step.attention.shape).toEqual([B, layer.numHeads, size, end]);
            expectClose(step.attention, timeSlice(timeSlice(full.attention, step.start, size, 2), 0, end, 3), 1e-5);
            tf.dispose([step.output, step.attention]);
          }
          tf.dispose([x, full.output, full.attention]);
        });
      }
    }

    it('a chunk is causal inside itself: its first position ignores the rest of the chunk', () => {
      const layer = mha();
      const x = sequence(6, D, 1);
      const changed = tf.concat([timeSlice(x, 0, 3, 1), sequence(3, D, 7)], 1) as tf.Tensor3D;
      const a = layer.callWithCache(x, null);
      const b = layer.callWithCache(changed, null);
      expectClose(timeSlice(a.output, 0, 3, 1), timeSlice(b.output, 0, 3, 1), 1e-6);
      expect(maxAbsDiff(timeSlice(a.output, 3, 1, 1), timeSlice(b.output, 3, 1, 1))).toBeGreaterThan(1e-3);
    });

    it('builds an unbuilt layer with the weight names apply() gives', () => {
      const layer = mha();
      const step = layer.callWithCache(sequence(3, D, 1), null);
      expect(layer.weights.map((w) => w.originalName)).toEqual([
        'mha/query_key_value/kernel',
        'mha/query_key_value/bias',
        'mha/attention_output/kernel',
        'mha/attention_output/bias',
      ]);
      expect(step.output.shape).toEqual([B, 3, D]);
    });
  });

  describe('computeCrossCache + attendToCache', () => {
    const E = 7;
    for (const stored of [true, false]) {
      it(`equal the full cross-attention call (mask ${stored ? 'stored in the cache' : 'passed each call'}), and padded positions get no weight`, () => {
        const layer = mha({ causal: false, numHeads: 3, valueDim: 5 });
        const query = sequence(T, D, 1);
        const context = sequence(E, 6, 2);
        const contextMask = mask(E);
        const full = layer.callAndReturnAttention([query, context, contextMask]);
        const cache = layer.computeCrossCache(context, stored ? contextMask : undefined);
        expect(cache.key.shape).toEqual([B, 3, E, 4]);
        expect(cache.value.shape).toEqual([B, 3, E, 5]);
        // All queries at once, then one query position at a time (as decoding does).
        const all = layer.attendToCache(query, cache, stored ? undefined : contextMask, { returnAttention: true });
        expectClose(all.output, full.output, 1e-5);
        expectClose(all.attention!, full.attention, 1e-5);
        expect(tf.tidy(() => tf.sum(tf.slice(all.attention!, [0, 0, 0, E - 2], [1, 3, T, 2])).dataSync()[0])).toBe(0);
        for (const t of [0, 5, T - 1]) {
          const q = timeSlice(query, t, 1, 1);
          const one = layer.attendToCache(q, cache, stored ? undefined : contextMask);
          expect(one.attention).toBeUndefined();
          expectClose(one.output, timeSlice(full.output, t, 1, 1), 1e-5);
          tf.dispose([q, one.output]);
        }
        // Garbage at the padded positions changes nothing.
        const garbage = tf.concat([tf.slice(context, [0, 0, 0], [1, E - 2, 6]), tf.randomNormal([1, 2, 6], 0, 5, 'float32', 3)], 1);
        const changed = tf.concat([garbage, tf.slice(context, [1, 0, 0], [1, E, 6])], 0) as tf.Tensor3D;
        const changedCache = layer.computeCrossCache(changed, contextMask);
        expectClose(layer.attendToCache(query, changedCache).output, full.output, 1e-5);
        expect(maxAbsDiff(layer.attendToCache(query, layer.computeCrossCache(changed)).output, full.output)).toBeGreaterThan(1e-3);
        disposeAttentionCache(cache);
        disposeAttentionCache(changedCache);
      });
    }
  });

  it('does not leak tensors over 20 cached steps, self- and cross-attention', () => {
    const self = mha();
    const cross = mha({ causal: false });
    const x = sequence(20, D, 1);
    const context = sequence(5, 6, 2);
    const contextMask = mask(5);
    tf.dispose([self.apply(x) as tf.Tensor, cross.apply([x, context, contextMask]) as tf.Tensor]); // build
    const before = tf.memory().numTensors;
    const crossCache = cross.computeCrossCache(context, contextMask);
    let cache: AttentionCache | null = null;
    const outputs: tf.Tensor[] = [];
    for (let t = 0; t < 20; t++) {
      const xt = timeSlice(x, t, 1, 1);
      const step: { output: tf.Tensor3D; cache: AttentionCache; attention?: tf.Tensor4D } = self.callWithCache(xt, cache, { returnAttention: t % 2 === 0 });
      disposeAttentionCache(cache);
      cache = step.cache;
      const attended = cross.attendToCache(step.output, crossCache, undefined, { returnAttention: true });
      outputs.push(step.output, ...(step.attention ? [step.attention] : []), attended.output, attended.attention!);
      xt.dispose();
    }
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    disposeAttentionCache(cache);
    disposeAttentionCache(crossCache);
    tf.dispose(outputs);
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('errors name the bad value and what was expected', () => {
    it('rejects a cache of the wrong batch, heads or head size', () => {
      const layer = mha();
      const { cache } = layer.callWithCache(sequence(3, D, 1), null);
      const one = tf.zeros([1, 1, D]) as tf.Tensor3D;
      expect(() => layer.callWithCache(one, cache)).toThrow(
        /MultiHeadAttention 'mha': expected cache.key of shape \(batch 1, heads 2, length, keyDim 4\) for \[1, 1, 8\] inputs, got \[2, 2, 3, 4\]/,
      );
      const other = mha({ numHeads: 4, keyDim: 2 }).callWithCache(sequence(3, D, 1), null).cache;
      expect(() => layer.callWithCache(sequence(1, D, 2), other)).toThrow(/expected cache.key of shape \(batch 2, heads 2, length, keyDim 4\) .* got \[2, 4, 3, 2\]/);
      const mismatched = { key: cache.key, value: tf.zeros([B, 2, 2, 4]) as tf.Tensor4D };
      expect(() => layer.callWithCache(sequence(1, D, 2), mismatched)).toThrow(/cache.key \[2, 2, 3, 4\] and cache.value \[2, 2, 2, 4\] hold different numbers of positions/);
    });

    it('rejects x of the wrong width or rank', () => {
      const layer = mha();
      const { cache } = layer.callWithCache(sequence(3, D, 1), null);
      expect(() => layer.callWithCache(sequence(1, 6, 2), cache)).toThrow(/expected x of shape \(batch, length, 8\) \(the features it was built for\), got \[2, 1, 6\]/);
      expect(() => layer.callWithCache(tf.zeros([B, D]) as unknown as tf.Tensor3D, cache)).toThrow(/callWithCache expected x of shape \(batch, new positions, features\), got \[2, 8\]/);
    });

    it('rejects cached self-attention on a non-causal or cross-attention layer, and the cross methods on a self-attention layer', () => {
      expect(() => mha({ causal: false }).callWithCache(sequence(1, D, 1), null)).toThrow(/callWithCache computes causal attention .* has causal: false/);
      const cross = mha({ causal: false });
      tf.dispose(cross.apply([sequence(3, D, 1), sequence(4, 6, 2)]) as tf.Tensor);
      expect(() => cross.callWithCache(sequence(1, D, 1), null)).toThrow(/built for cross-attention; callWithCache is incremental self-attention/);
      expect(() => mha({ causal: false }).computeCrossCache(sequence(4, 6, 2))).toThrow(/computeCrossCache needs a layer built for cross-attention; apply\(\[query, context\]\) once first/);
      const self = mha();
      tf.dispose(self.apply(sequence(3, D, 1)) as tf.Tensor);
      expect(() => self.computeCrossCache(sequence(4, 6, 2))).toThrow(/built for self-attention; computeCrossCache is for cross-attention/);
    });

    it('rejects a context or context mask of the wrong shape', () => {
      const cross = mha({ causal: false });
      tf.dispose(cross.apply([sequence(3, D, 1), sequence(4, 6, 2)]) as tf.Tensor);
      expect(() => cross.computeCrossCache(sequence(4, 5, 2))).toThrow(/computeCrossCache expected a context of shape \(batch, length, 6\), got \[2, 4, 5\]/);
      expect(() => cross.computeCrossCache(sequence(4, 6, 2), mask(5))).toThrow(/expected contextMask of shape \[2, 4\] \(batch, keys\), got \[2, 5\]/);
      const cache = cross.computeCrossCache(sequence(4, 6, 2));
      expect(() => cross.attendToCache(sequence(1, D, 1), cache, mask(6))).toThrow(/expected contextMask of shape \[2, 4\] \(batch, keys\), got \[2, 6\]/);
      expect(() => cross.attendToCache(tf.zeros([3, 1, D]) as tf.Tensor3D, cache)).toThrow(/expected cache.key of shape \(batch 3, heads 2, length, keyDim 4\)/);
    });
  });
});
