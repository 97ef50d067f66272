import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose, maxAbsDiff } from './test-helpers/tensorAssertions';
import { TransformerDecoderBlock, TransformerDecoderBlockArgs } from './TransformerDecoderBlock';

const B = 2;
const T = 6;
const D = 8;
const E = 4; // encoder length
const RANDOM_BIAS = { className: 'RandomNormal', config: { mean: 0, stddev: 0.3, seed: 9 } };

const decoder = (args: Partial<TransformerDecoderBlockArgs> = {}) =>
  new TransformerDecoderBlock({ name: 'decoder', numHeads: 2, intermediateDim: 16, biasInitializer: RANDOM_BIAS, ...args });
const sequence = (length: number, seed: number, features = D) => tf.randomNormal([B, length, features], 0, 1, 'float32', seed);
const mask = (length: number) => tf.tensor2d([[...new Array<number>(length - 2).fill(1), 0, 0], new Array<number>(length).fill(1)]);

/** x with every position after t replaced by other values. */
function changeAfter(x: tf.Tensor, t: number, seed: number): tf.Tensor {
  const [b, len, d] = x.shape;
  return tf.concat([tf.slice(x, [0, 0, 0], [b, t + 1, d]), tf.randomNormal([b, len - t - 1, d], 0, 3, 'float32', seed)], 1);
}

describe.each(BACKENDS)('TransformerDecoderBlock on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('decoder-only (GPT block), post-norm', () => {
    runLayerTestCase({
      create: () => decoder(),
      cls: TransformerDecoderBlock,
      inputs: () => sequence(T, 1),
      outputShape: [B, T, D],
      trainableWeights: 12,
    });
  });

  describe('decoder-only, pre-norm, gelu, with a padding mask', () => {
    runLayerTestCase({
      create: () => decoder({ norm: 'pre', activation: 'gelu', dropout: 0.1 }),
      cls: TransformerDecoderBlock,
      inputs: () => [sequence(T, 1), mask(T)],
      outputShape: [B, T, D],
      trainableWeights: 12,
    });
  });

  describe('with cross-attention over a padded encoder output of another width', () => {
    runLayerTestCase({
      create: () => decoder({ dropout: 0.1 }),
      cls: TransformerDecoderBlock,
      inputs: () => [sequence(T, 1), mask(T), sequence(E, 2, 6), mask(E)],
      outputShape: [B, T, D],
      // self: 4, cross: query + key_value + output = 6, three norms: 6, feed-forward: 4
      trainableWeights: 20,
    });
  });

  for (const norm of ['post', 'pre'] as const) {
    for (const withCross of [false, true]) {
      it(`is causal (${norm}-norm${withCross ? ', cross-attention' : ''}): changing tokens after t never changes outputs at ≤ t`, () => {
        const block = decoder({ norm });
        const x = sequence(T, 1);
        const context = withCross ? [sequence(E, 2, 6), mask(E)] : [];
        const inputs = (seq: tf.Tensor) => (withCross ? [seq, ...context] : seq);
        const out = block.apply(inputs(x)) as tf.Tensor;
        for (let t = 0; t < T - 1; t++) {
          const changed = block.apply(inputs(changeAfter(x, t, 100 + t))) as tf.Tensor;
          expectClose(tf.slice(changed, [0, 0, 0], [B, t + 1, D]), tf.slice(out, [0, 0, 0], [B, t + 1, D]), 1e-5);
          // …while the later outputs do change, so the check has teeth.
          expect(maxAbsDiff(tf.slice(changed, [0, t + 1, 0], [B, 1, D]), tf.slice(out, [0, t + 1, 0], [B, 1, D]))).toBeGreaterThan(1e-3);
        }
      });
    }
  }

  it('ignores padded encoder positions in cross-attention', () => {
    const block = decoder();
    const x = sequence(T, 1);
    const encoded = sequence(E, 2, 6);
    const encoderMask = mask(E); // batch 0: positions 2 and 3 are padding
    const out = block.apply([x, encoded, encoderMask]) as tf.Tensor;
    const garbage = tf.concat([tf.slice(encoded, [0, 0, 0], [1, 2, 6]), tf.randomNormal([1, 2, 6], 0, 5, 'float32', 3)], 1);
    const changed = tf.concat([garbage, tf.slice(encoded, [1, 0, 0], [1, E, 6])], 0);
    expectClose(block.apply([x, changed, encoderMask]) as tf.Tensor, out, 1e-5);
    // Without the mask the same change does matter.
    const unmasked = block.apply([x, encoded]) as tf.Tensor;
    expect(maxAbsDiff(block.apply([x, changed]) as tf.Tensor, unmasked)).toBeGreaterThan(1e-3);
  });

  for (const norm of ['post', 'pre'] as const) {
    it(`composes self-attention, cross-attention and feed-forward as the ${norm}-norm formula says`, () => {
      const block = decoder({ norm });
      const x = sequence(T, 1);
      const encoded = sequence(E, 2, 6);
      const encoderMask = mask(E);
      const out = block.apply([x, encoded, encoderMask]) as tf.Tensor;
      expect(block.sublayers.map((l) => l.name)).toEqual([
        'self_attention',
        'self_attention_layer_norm',
        'cross_attention',
        'cross_attention_layer_norm',
        'feedforward',
        'feedforward_layer_norm',
      ]);
      const [selfAttention, selfNorm, crossAttention, crossNorm, feedforward, feedforwardNorm] = block.sublayers;
      const expected = tf.tidy(() => {
        const ln = (layer: tf.layers.Layer, v: tf.Tensor) => tf.reshape(layer.apply(tf.reshape(v, [-1, D])) as tf.Tensor, v.shape);
        const sub = [
          { norm: selfNorm, f: (h: tf.Tensor) => selfAttention.apply(h) as tf.Tensor },
          { norm: crossNorm, f: (h: tf.Tensor) => crossAttention.apply([h, encoded, encoderMask]) as tf.Tensor },
          { norm: feedforwardNorm, f: (h: tf.Tensor) => feedforward.apply(h) as tf.Tensor },
        ];
        return sub.reduce((h, s) => (norm === 'post' ? ln(s.norm, tf.add(h, s.f(h))) : tf.add(h, s.f(ln(s.norm, h)))), x as tf.Tensor);
      });
      expectClose(out, expected, 1e-5);
    });
  }

  it('returns causal self-attention and cross-attention weights', () => {
    const block = decoder();
    const { output, selfAttention, crossAttention } = block.callAndReturnAttention([sequence(T, 1), sequence(E, 2, 6), mask(E)]);
    expect(output.shape).toEqual([B, T, D]);
    expect(selfAttention.shape).toEqual([B, 2, T, T]);
    expect(crossAttention!.shape).toEqual([B, 2, T, E]);
    const w = selfAttention.arraySync();
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) expect(w[1][0][i][j]).toBe(0);
    expect(tf.tidy(() => tf.sum(tf.slice(crossAttention!, [0, 0, 0, 2], [1, 2, T, 2])).dataSync()[0])).toBe(0);
  });

  describe('errors name the shapes', () => {
    it('rejects switching between decoder-only and cross-attention use', () => {
      const plain = decoder();
      plain.apply(sequence(T, 1));
      expect(() => plain.apply([sequence(T, 1), sequence(E, 2, 6)])).toThrow(/built without cross-attention but was called with encoder outputs of shape \[2, 4, 6\]/);
      const cross = decoder();
      cross.apply([sequence(T, 1), sequence(E, 2, 6)]);
      expect(() => cross.apply(sequence(T, 1))).toThrow(/built with cross-attention but was called without encoder outputs/);
    });

    it('rejects encoder outputs of another width or batch, and masks of the wrong shape', () => {
      const block = decoder();
      block.apply([sequence(T, 1), sequence(E, 2, 6)]);
      expect(() => block.apply([sequence(T, 1), sequence(E, 2, 5)])).toThrow(/mismatched key dimensions: built for key\/value features 6, got context of shape \[2, 4, 5\]/);
      expect(() => block.apply([sequence(T, 1), tf.zeros([3, E, 6])])).toThrow(/query \[2, 6, 8\] and context \[3, 4, 6\] have different batch sizes/);
      expect(() => block.apply([sequence(T, 1), sequence(E, 2, 6), tf.ones([B, E + 1])])).toThrow(/padding mask \(input 2\) has shape \[2, 5\] .* expected a mask of shape \[2, 4\]/);
      expect(() => decoder().apply([sequence(T, 1), sequence(E, 2), sequence(E, 3)])).toThrow(/expected \[x, xMask\?, encoderOutput\?, encoderMask\?\], got 3 sequences/);
    });
  });
});
