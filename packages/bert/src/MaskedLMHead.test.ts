import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { gelu, TokenAndPositionEmbedding } from '@tfzoo/layers';
import { MaskedLMHead } from './MaskedLMHead';

beforeAll(() => initBackend('cpu', { log: null }));

const V = 11;
const D = 6;

function setup() {
  const embedding = new TokenAndPositionEmbedding({ name: 'embeddings', vocabSize: V, maxLength: 8, embedDim: D });
  tf.tidy(() => void embedding.apply(tf.zeros([1, 2], 'int32')));
  const head = new MaskedLMHead({ name: 'mlm_head', embedding });
  const hidden = tf.randomNormal([2, 5, D], 0, 1, 'float32', 1) as tf.Tensor3D;
  const positions = tf.tensor2d([[1, 3, 0], [4, 2, 2]], [2, 3], 'int32');
  tf.tidy(() => void head.apply([hidden, positions]));
  // Non-zero bias and layer-norm offset, so that dropping either would show.
  head.weights.forEach((w, i) => {
    if (w.shape.length === 1) w.write(tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', 10 + i));
  });
  return { embedding, head, hidden, positions };
}

describe('MaskedLMHead', () => {
  it('computes LayerNorm(gelu(W h + b)) · Eᵀ + bias at the chosen positions only', () => {
    const { embedding, head, hidden, positions } = setup();
    const logits = head.apply([hidden, positions]) as tf.Tensor3D;
    expect(logits.shape).toEqual([2, 3, V]);
    const byName = new Map(head.weights.map((w) => [w.originalName, w.read()]));
    const [kernel, bias, gamma, beta, outBias] = ['mlm_head/transform/kernel', 'mlm_head/transform/bias', 'mlm_head/layer_norm/gamma', 'mlm_head/layer_norm/beta', 'mlm_head/output_bias'].map(
      (n) => byName.get(n)!,
    );
    const table = embedding.tokenEmbeddings.read();
    const pos = positions.arraySync();
    for (let b = 0; b < 2; b++) {
      for (let p = 0; p < 3; p++) {
        const expected = tf.tidy(() => {
          const h = tf.slice(hidden, [b, pos[b][p], 0], [1, 1, D]).reshape([1, D]);
          const t = gelu(tf.add(tf.matMul(h, kernel), bias));
          const { mean, variance } = tf.moments(t, -1, true);
          const normed = tf.add(tf.mul(tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
          return tf.add(tf.matMul(normed, table, false, true), outBias).dataSync();
        });
        const got = tf.tidy(() => tf.slice(logits, [b, p, 0], [1, 1, V]).dataSync());
        Array.from(got).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
      }
    }
    tf.dispose([logits, hidden, positions]);
  });

  it('gives the same logits for flat positions b·T + t (N, V) as for per-row positions (B, P, V)', () => {
    const { head, hidden, positions } = setup();
    const perRow = head.apply([hidden, positions]) as tf.Tensor3D; // (2, 3, V)
    const flat = head.apply([hidden, tf.tensor1d([1, 3, 0, 5 + 4, 5 + 2, 5 + 2], 'int32')]) as tf.Tensor2D; // (6, V)
    expect(flat.shape).toEqual([6, V]);
    expect(head.computeOutputShape([[2, 5, D], [6]])).toEqual([6, V]);
    const a = (perRow.reshape([6, V]) as tf.Tensor2D).arraySync();
    flat.arraySync().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(a[i][j], 5)));
    tf.dispose([perRow, flat, hidden, positions]);
  });

  it('ties its output to the token table: the table gets a gradient through the head', () => {
    const { embedding, head, hidden, positions } = setup();
    const table = embedding.tokenEmbeddings.read() as tf.Variable;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(head.apply([hidden, positions]) as tf.Tensor)) as tf.Scalar, [table]);
    const norm = tf.tidy(() => tf.norm(grads[table.name]).dataSync()[0]);
    expect(norm).toBeGreaterThan(0);
    // Its own weights: transform kernel/bias, layer-norm gamma/beta, output bias; the table is the embedding's.
    expect(head.weights.map((w) => w.originalName)).toEqual([
      'mlm_head/output_bias',
      'mlm_head/transform/kernel',
      'mlm_head/transform/bias',
      'mlm_head/layer_norm/gamma',
      'mlm_head/layer_norm/beta',
    ]);
    tf.dispose([...Object.values(grads), hidden, positions]);
  });

  it('leaks no tensors', () => {
    const { head, hidden, positions } = setup();
    const before = tf.memory().numTensors;
    tf.dispose(head.apply([hidden, positions]) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([hidden, positions]);
  });
});
