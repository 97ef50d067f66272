import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { MaskedMeanPooling } from './MaskedMeanPooling';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';
import { TransformerEncoderBlock, TransformerEncoderBlockArgs } from './TransformerEncoderBlock';

const B = 2;
const T = 5;
const D = 8;
const RANDOM_BIAS = { className: 'RandomNormal', config: { mean: 0, stddev: 0.3, seed: 9 } };

const encoder = (args: Partial<TransformerEncoderBlockArgs> = {}) =>
  new TransformerEncoderBlock({ name: 'encoder', numHeads: 2, intermediateDim: 16, biasInitializer: RANDOM_BIAS, ...args });
const sequence = (length: number, seed: number) => tf.randomNormal([B, length, D], 0, 1, 'float32', seed);
const mask = () => tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]);

describe.each(BACKENDS)('TransformerEncoderBlock on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('post-norm', () => {
    runLayerTestCase({
      create: () => encoder(),
      cls: TransformerEncoderBlock,
      inputs: () => sequence(T, 1),
      outputShape: [B, T, D],
      // attention: qkv + output (kernel, bias) = 4; two layer norms (gamma, beta) = 4; feed-forward = 4
      trainableWeights: 12,
    });
  });

  describe('pre-norm, gelu, dropout, with a padding mask', () => {
    runLayerTestCase({
      create: () => encoder({ norm: 'pre', activation: 'gelu', dropout: 0.1 }),
      cls: TransformerEncoderBlock,
      inputs: () => [sequence(T, 1), mask()],
      outputShape: [B, T, D],
      trainableWeights: 12,
    });
  });

  for (const norm of ['post', 'pre'] as const) {
    it(`composes its sub-layers as the ${norm}-norm residual formula says`, () => {
      const block = encoder({ norm });
      const x = sequence(T, 1);
      const m = mask();
      const out = block.apply([x, m]) as tf.Tensor;
      const [attention, attentionNorm, feedforward, feedforwardNorm] = block.sublayers;
      expect(block.sublayers.map((l) => l.name)).toEqual(['self_attention', 'self_attention_layer_norm', 'feedforward', 'feedforward_layer_norm']);
      const expected = tf.tidy(() => {
        // The norms were built for rows (B·T, d), as the block applies them.
        const ln = (layer: tf.layers.Layer, v: tf.Tensor) => tf.reshape(layer.apply(tf.reshape(v, [-1, D])) as tf.Tensor, v.shape);
        if (norm === 'post') {
          const h = ln(attentionNorm, tf.add(x, attention.apply([x, m]) as tf.Tensor));
          return ln(feedforwardNorm, tf.add(h, feedforward.apply(h) as tf.Tensor));
        }
        const h = tf.add(x, attention.apply([ln(attentionNorm, x), m]) as tf.Tensor);
        return tf.add(h, feedforward.apply(ln(feedforwardNorm, h)) as tf.Tensor);
      });
      expectClose(out, expected, 1e-5);
      tf.dispose([x, m, out, expected]);
    });

    it(`(${norm}-norm) ignores padding: extra masked positions change neither real outputs nor the pooled vector`, () => {
      const block = encoder({ norm });
      const pool = new MaskedMeanPooling();
      const real = 3;
      const x = tf.randomNormal([1, real, D], 0, 1, 'float32', 1);
      const short = block.apply([x, tf.ones([1, real])]) as tf.Tensor;
      const shortPooled = pool.apply([short, tf.ones([1, real])]) as tf.Tensor;
      for (const [extra, seed] of [[2, 5], [4, 6], [4, 7]]) {
        const padded = tf.concat([x, tf.mul(tf.randomNormal([1, extra, D], 0, 1, 'float32', seed), 10)], 1);
        const m = tf.concat([tf.ones([1, real]), tf.zeros([1, extra])], 1);
        const long = block.apply([padded, m]) as tf.Tensor;
        expectClose(tf.slice(long, [0, 0, 0], [1, real, D]), short, 1e-5);
        expectClose(pool.apply([long, m]) as tf.Tensor, shortPooled, 1e-5);
      }
    });
  }

  it('without a mask, padding positions do change the outputs (the mask matters)', () => {
    const block = encoder();
    const x = tf.randomNormal([1, 3, D], 0, 1, 'float32', 1);
    const short = block.apply(x) as tf.Tensor;
    const long = block.apply(tf.concat([x, tf.randomNormal([1, 2, D], 0, 1, 'float32', 5)], 1)) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(tf.slice(long, [0, 0, 0], [1, 3, D]), short))).dataSync()[0])).toBeGreaterThan(1e-3);
  });

  it('returns the self-attention weights, zero at padded keys', () => {
    const block = encoder();
    const x = sequence(T, 1);
    const { output, attention } = block.callAndReturnAttention([x, mask()]);
    expect(output.shape).toEqual([B, T, D]);
    expect(attention.shape).toEqual([B, 2, T, T]);
    expect(tf.tidy(() => tf.sum(tf.slice(attention, [0, 0, 0, 3], [1, 2, T, 2])).dataSync()[0])).toBe(0);
    expectClose(output, block.apply([x, mask()]) as tf.Tensor, 1e-6);
  });

  describe('errors name the shapes', () => {
    it('rejects inputs of the wrong rank or width', () => {
      expect(() => encoder().apply(tf.zeros([B, D]))).toThrow(/input 0 has shape \[2, 8\], a padding mask before any sequence/);
      const block = encoder();
      block.apply(sequence(T, 1));
      expect(() => block.apply(tf.zeros([B, T, 6]))).toThrow(/expected input features 8 \(the size it was built for\), got shape \[2, 5, 6\]/);
    });

    it('rejects a mask of the wrong shape and a second sequence', () => {
      expect(() => encoder().apply([sequence(T, 1), tf.ones([B, T - 1])])).toThrow(/padding mask \(input 1\) has shape \[2, 4\] .* expected a mask of shape \[2, 5\]/);
      expect(() => encoder().apply([sequence(T, 1), sequence(T, 2)])).toThrow(/expected x or \[x, paddingMask\], got 2 sequences/);
    });

    it('rejects a feature size the heads do not divide', () => {
      expect(() => encoder({ numHeads: 3 }).apply(sequence(T, 1))).toThrow(/the feature size 8 is not divisible by numHeads 3; pass keyDim explicitly/);
      expect((encoder({ numHeads: 3, keyDim: 4 }).apply(sequence(T, 1)) as tf.Tensor).shape).toEqual([B, T, D]);
    });
  });
});
