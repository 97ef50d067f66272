import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { MultiHeadAttention, MultiHeadAttentionArgs } from './MultiHeadAttention';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { attentionParamsOf, naiveMultiHeadAttention } from './test-helpers/naiveAttention';
import { expectClose } from './test-helpers/tensorAssertions';

const B = 2;
const T = 5;
const D = 8;
const RANDOM_BIAS = { className: 'RandomNormal', config: { mean: 0, stddev: 0.5, seed: 3 } };

const sequence = (length: number, features: number, seed: number) => tf.randomNormal([B, length, features], 0, 1, 'float32', seed) as tf.Tensor3D;
// Batch element 0 has two padding positions at the end; element 1 has none.
const mask = (length: number) => tf.tensor2d([[...new Array<number>(length - 2).fill(1), 0, 0], new Array<number>(length).fill(1)]);

function mha(args: Partial<MultiHeadAttentionArgs> = {}): MultiHeadAttention {
  return new MultiHeadAttention({ name: 'mha', numHeads: 2, keyDim: 4, biasInitializer: RANDOM_BIAS, ...args });
}

describe.each(BACKENDS)('MultiHeadAttention on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('self-attention', () => {
    runLayerTestCase({
      create: () => mha(),
      cls: MultiHeadAttention,
      inputs: () => sequence(T, D, 1),
      outputShape: [B, T, D],
      trainableWeights: 4, // query_key_value kernel+bias, attention_output kernel+bias
    });
  });

  describe('causal self-attention with a padding mask and valueDim ≠ keyDim', () => {
    runLayerTestCase({
      create: () => mha({ causal: true, valueDim: 3, outputDim: 6 }),
      cls: MultiHeadAttention,
      inputs: () => [sequence(T, D, 1), mask(T)],
      outputShape: [B, T, 6],
      trainableWeights: 4,
    });
  });

  describe('cross-attention with a context padding mask', () => {
    runLayerTestCase({
      create: () => mha({ dropout: 0.1 }),
      cls: MultiHeadAttention,
      inputs: () => [sequence(T, D, 1), sequence(7, 6, 2), mask(7)],
      outputShape: [B, T, D],
      trainableWeights: 6, // query, key_value, attention_output: kernel+bias each
    });
  });

  describe('equals a naive loop-over-heads reference within 1e-5', () => {
    const cases: { title: string; args: Partial<MultiHeadAttentionArgs>; contextLength: number | null; masked: boolean }[] = [
      { title: 'self-attention', args: {}, contextLength: null, masked: false },
      { title: 'self-attention with padding', args: {}, contextLength: null, masked: true },
      { title: 'causal self-attention with padding', args: { causal: true }, contextLength: null, masked: true },
      { title: 'causal, valueDim ≠ keyDim, no biases', args: { causal: true, valueDim: 3, useBias: false, numHeads: 3 }, contextLength: null, masked: false },
      { title: 'cross-attention with padding', args: {}, contextLength: 7, masked: true },
      { title: 'cross-attention, 3 heads, valueDim ≠ keyDim', args: { numHeads: 3, valueDim: 5 }, contextLength: 4, masked: true },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const layer = mha(c.args);
        const query = sequence(T, D, 1);
        const context = c.contextLength === null ? null : sequence(c.contextLength, 6, 2);
        const keyMask = c.masked ? mask(c.contextLength ?? T) : null;
        const inputs = [query, ...(context ? [context] : []), ...(keyMask ? [keyMask] : [])];
        const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
        const expected = naiveMultiHeadAttention(
          query.arraySync(),
          (context ?? query).arraySync(),
          keyMask ? (keyMask.arraySync() as number[][]) : null,
          layer.causal,
          attentionParamsOf(layer, layer.numHeads, layer.keyDim, layer.valueDim),
        );
        expectClose(out, expected, 1e-5);
        tf.dispose([out, ...inputs]);
      });
    }

    it('keeps a fully masked row finite (uniform weights), like the reference', () => {
      const layer = mha();
      const query = sequence(T, D, 1);
      const context = sequence(4, 6, 2);
      const keyMask = tf.tensor2d([[0, 0, 0, 0], [1, 0, 1, 0]]);
      const { output, attention } = layer.callAndReturnAttention([query, context, keyMask]);
      expectClose(tf.slice(attention, [0, 0, 0, 0], [1, 2, T, 4]), new Array(2 * T * 4).fill(0.25), 1e-6);
      const expected = naiveMultiHeadAttention(query.arraySync(), context.arraySync(), keyMask.arraySync(), false, attentionParamsOf(layer, 2, 4, 4));
      expectClose(output, expected, 1e-5);
      tf.dispose([output, attention, query, context, keyMask]);
    });
  });

  it('returns attention weights that sum to 1 over keys and are 0 at masked and future keys', () => {
    const layer = mha({ causal: true });
    const x = sequence(T, D, 1);
    const m = mask(T);
    const { output, attention } = layer.callAndReturnAttention([x, m]);
    expect(output.shape).toEqual([B, T, D]);
    expect(attention.shape).toEqual([B, 2, T, T]);
    const w = attention.arraySync();
    const maskRows = m.arraySync();
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < 2; h++) {
        for (let i = 0; i < T; i++) {
          const row = w[b][h][i];
          const visible = row.map((_, j) => j <= i && maskRows[b][j] === 1);
          if (visible.some(Boolean)) expect(row.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 5);
          row.forEach((p, j) => {
            if (!visible[j] && visible.some(Boolean)) expect(p).toBe(0);
          });
        }
      }
    }
    tf.dispose([output, attention, x, m]);
  });

  it('applies dropout to the attention weights only while training', () => {
    const layer = mha({ dropout: 0.5 });
    const x = sequence(T, D, 1);
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x) as tf.Tensor;
    const c = layer.apply(x, { training: true }) as tf.Tensor;
    expectClose(a, b, 0);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, c))).dataSync()[0])).toBeGreaterThan(1e-3);
    tf.dispose([a, b, c, x]);
  });

  describe('errors name the shapes', () => {
    it('rejects an input of the wrong rank', () => {
      const x = tf.zeros([B, D]);
      expect(() => mha().apply(tf.zeros([B, T, D, 1]))).toThrow(/input 0 has shape \[2, 5, 8, 1\] \(rank 4\)/);
      expect(() => mha().apply(x)).toThrow(/input 0 has shape \[2, 8\], a padding mask before any sequence/);
    });

    it('rejects a context whose features differ from the ones it was built for', () => {
      const layer = mha();
      tf.dispose(layer.apply([sequence(T, D, 1), sequence(4, 6, 2)]) as tf.Tensor);
      expect(() => layer.apply([sequence(T, D, 1), sequence(4, 5, 2)])).toThrow(
        /mismatched key dimensions: built for key\/value features 6, got context of shape \[2, 4, 5\] \(query \[2, 5, 8\]\)/,
      );
    });

    it('rejects a query whose features differ from the ones it was built for', () => {
      const layer = mha();
      tf.dispose(layer.apply(sequence(T, D, 1)) as tf.Tensor);
      expect(() => layer.apply(sequence(T, 6, 1))).toThrow(/expected query features 8 .* got query of shape \[2, 5, 6\]/);
    });

    it('rejects a mask that does not match its sequence', () => {
      expect(() => mha().apply([sequence(T, D, 1), tf.ones([B, T + 1])])).toThrow(
        /padding mask \(input 1\) has shape \[2, 6\] but the sequence it masks has shape \[2, 5, 8\]; expected a mask of shape \[2, 5\]/,
      );
      expect(() => mha().apply([sequence(T, D, 1), sequence(4, 6, 2), tf.ones([B, T])])).toThrow(/expected a mask of shape \[2, 4\]/);
    });

    it('rejects switching between self- and cross-attention', () => {
      const layer = mha();
      tf.dispose(layer.apply(sequence(T, D, 1)) as tf.Tensor);
      expect(() => layer.apply([sequence(T, D, 1), sequence(4, 6, 2)])).toThrow(/built for self-attention .* called with 2 sequences/);
    });

    it('rejects bad constructor arguments', () => {
      expect(() => mha({ numHeads: 0 })).toThrow(/expected numHeads to be a positive integer, got 0/);
      expect(() => mha({ dropout: 1.5 })).toThrow(/expected dropout to be a rate in \[0, 1\), got 1.5/);
    });
  });
});
