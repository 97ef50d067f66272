import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { sinusoidalEncoding } from './sinusoidalEncoding';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';
import { TokenAndPositionEmbedding, TokenAndPositionEmbeddingArgs } from './TokenAndPositionEmbedding';

const ids = () => tf.tensor2d([[2, 7, 9, 4, 0], [1, 1, 3, 0, 0]], [2, 5], 'int32');

function embedding(args: Partial<TokenAndPositionEmbeddingArgs> = {}): TokenAndPositionEmbedding {
  return new TokenAndPositionEmbedding({ name: 'embed', vocabSize: 10, maxLength: 8, embedDim: 6, ...args });
}

// On wasm the training checks need the gradient of gather (UnsortedSegmentSum), which
// @tfzoo/core's registerWasmTrainingKernels provides.
describe.each(BACKENDS)('TokenAndPositionEmbedding on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('learned positions', () => {
    runLayerTestCase({
      create: () => embedding(),
      cls: TokenAndPositionEmbedding,
      inputs: ids,
      outputShape: [2, 5, 6],
      trainableWeights: 2,
    });
  });

  describe('sinusoidal positions, scaled token embeddings', () => {
    runLayerTestCase({
      create: () => embedding({ positional: 'sinusoidal', scaleTokenEmbeddings: true }),
      cls: TokenAndPositionEmbedding,
      inputs: ids,
      outputShape: [2, 5, 6],
      trainableWeights: 1,
    });
  });

  it('adds the token row and the position row', () => {
    for (const positional of ['learned', 'sinusoidal'] as const) {
      const layer = embedding({ positional, scaleTokenEmbeddings: positional === 'sinusoidal' });
      const x = ids();
      const out = layer.apply(x) as tf.Tensor;
      const tokens = layer.tokenEmbeddings.read().arraySync() as number[][];
      const positions =
        positional === 'learned'
          ? (layer.weights.find((w) => w.originalName === 'embed/position_embedding/embeddings')!.read().arraySync() as number[][])
          : Array.from({ length: 5 }, (_, p) => Array.from(sinusoidalEncoding(5, 6).slice(p * 6, p * 6 + 6)));
      const scale = positional === 'sinusoidal' ? Math.sqrt(6) : 1;
      const expected = (x.arraySync() as number[][]).map((row) => row.map((id, p) => tokens[id].map((t, k) => t * scale + positions[p][k])));
      expectClose(out, expected, 1e-6);
      tf.dispose([x, out]);
    }
  });

  it('names its weights after its sub-layers', () => {
    const layer = embedding();
    tf.dispose(layer.apply(ids()) as tf.Tensor);
    expect(layer.weights.map((w) => w.originalName)).toEqual(['embed/token_embedding/embeddings', 'embed/position_embedding/embeddings']);
    expect(layer.tokenEmbeddings.shape).toEqual([10, 6]);
  });

  it('rejects token ids outside [0, vocabSize), naming the id and its position', () => {
    const layer = embedding();
    expect(() => layer.apply(tf.tensor2d([[1, 2, 3], [4, 10, 5]], [2, 3], 'int32'))).toThrow(
      /TokenAndPositionEmbedding 'embed': expected token ids in \[0, 10\), got 10 at position \[1, 1\]/,
    );
    expect(() => layer.apply(tf.tensor2d([[1, -1]], [1, 2], 'int32'))).toThrow(/got -1 at position \[0, 1\]/);
    expect(() => layer.apply(tf.tensor2d([[1, 2.5]], [1, 2], 'float32'))).toThrow(/got 2.5 at position \[0, 1\]/);
  });

  it('rejects sequences longer than maxLength and inputs that are not (batch, length)', () => {
    expect(() => embedding().apply(tf.zeros([1, 9], 'int32'))).toThrow(/sequence length 9 exceeds maxLength 8 \(ids of shape \[1, 9\]\)/);
    expect(() => embedding().apply(tf.zeros([1, 3, 6]))).toThrow(/expected token ids of shape \(batch, length\), got \[1, 3, 6\]/);
    const layer = embedding();
    tf.dispose(layer.apply(ids()) as tf.Tensor);
    expect(() => layer.apply(tf.zeros([1, 3], 'int32'), { startIndex: 6 })).toThrow(/sequence of length 3 at startIndex 6 exceeds maxLength 8/);
  });

  describe('embedAt (incremental decoding)', () => {
    for (const positional of ['learned', 'sinusoidal'] as const) {
      it(`equals rows startIndex… of the full call (${positional} positions), one position and chunks`, () => {
        const layer = embedding({ positional, scaleTokenEmbeddings: positional === 'sinusoidal' });
        const x = tf.tensor2d([[2, 7, 9, 4, 0, 5, 1, 8], [1, 1, 3, 0, 0, 6, 6, 2]], [2, 8], 'int32');
        const full = layer.apply(x) as tf.Tensor3D; // (2, 8, 6)
        for (const [start, size] of [[0, 1], [3, 1], [7, 1], [0, 5], [5, 3]]) {
          const ids = tf.slice(x, [0, start], [2, size]) as tf.Tensor2D;
          const out = layer.embedAt(ids, start);
          expect(out.shape).toEqual([2, size, 6]);
          expectClose(out, tf.slice(full, [0, start, 0], [2, size, 6]), 1e-6);
          tf.dispose([ids, out]);
        }
        tf.dispose([x, full]);
      });
    }

    it('builds an unbuilt layer with the weight names apply() gives, and does not leak', () => {
      const layer = embedding();
      const ids = tf.tensor2d([[3]], [1, 1], 'int32');
      tf.dispose(layer.embedAt(ids, 4));
      expect(layer.weights.map((w) => w.originalName)).toEqual(['embed/token_embedding/embeddings', 'embed/position_embedding/embeddings']);
      const before = tf.memory().numTensors;
      tf.dispose(layer.embedAt(ids, 5));
      expect(tf.memory().numTensors).toBe(before);
      ids.dispose();
    });

    it('rejects positions past maxLength, a bad startIndex and bad ids', () => {
      for (const positional of ['learned', 'sinusoidal'] as const) {
        const layer = embedding({ positional });
        expect(() => layer.embedAt(tf.zeros([1, 1], 'int32') as tf.Tensor2D, 8)).toThrow(
          /TokenAndPositionEmbedding 'embed': sequence of length 1 at startIndex 8 exceeds maxLength 8 \(positions 8…8; the last is 7\): crop the context to the last 8 tokens/,
        );
        expect(() => layer.embedAt(tf.zeros([1, 3], 'int32') as tf.Tensor2D, 6)).toThrow(/sequence of length 3 at startIndex 6 exceeds maxLength 8/);
        expect(() => layer.embedAt(tf.zeros([1, 1], 'int32') as tf.Tensor2D, -1)).toThrow(/expected startIndex to be a non-negative integer, got -1/);
      }
      expect(() => embedding().embedAt(tf.tensor2d([[1, 12]], [1, 2], 'int32'), 3)).toThrow(/expected token ids in \[0, 10\), got 12 at position \[0, 1\]/);
      expect(() => embedding().embedAt(tf.zeros([1, 2, 6]) as unknown as tf.Tensor2D, 0)).toThrow(/expected token ids of shape \(batch, length\), got \[1, 2, 6\]/);
    });
  });

  it('rejects an unknown positional kind', () => {
    expect(() => embedding({ positional: 'rotary' as 'learned' })).toThrow(/expected positional to be one of 'learned', 'sinusoidal', got "rotary"/);
  });
});
