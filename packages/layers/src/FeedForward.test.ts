import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { FeedForward, FeedForwardArgs } from './FeedForward';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';

const RANDOM_BIAS = { className: 'RandomNormal', config: { mean: 0, stddev: 0.5, seed: 5 } };
const ffn = (args: Partial<FeedForwardArgs> = {}) => new FeedForward({ name: 'ffn', intermediateDim: 12, biasInitializer: RANDOM_BIAS, ...args });

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), independent of tf.erf. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

function naiveFeedForward(x: number[][][], layer: FeedForward): number[][][] {
  const get = (suffix: string) => layer.weights.find((w) => w.originalName.endsWith(suffix))!.read().arraySync() as number[][] & number[];
  const [w1, b1, w2, b2] = ['/intermediate_dense/kernel', '/intermediate_dense/bias', '/output_dense/kernel', '/output_dense/bias'].map(get);
  const act = layer.activation === 'gelu' ? (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2)) : (v: number) => Math.max(0, v);
  const dense = (row: number[], w: number[][], b: number[]) => b.map((bias, j) => row.reduce((acc, xi, i) => acc + xi * w[i][j], bias));
  return x.map((seq) => seq.map((row) => dense(dense(row, w1 as number[][], b1 as number[]).map(act), w2 as number[][], b2 as number[])));
}

describe.each(BACKENDS)('FeedForward on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  describe('relu', () => {
    runLayerTestCase({
      create: () => ffn(),
      cls: FeedForward,
      inputs: () => tf.randomNormal([2, 5, 8], 0, 1, 'float32', 1),
      outputShape: [2, 5, 8],
      trainableWeights: 4,
    });
  });

  describe('gelu with dropout and a different output width', () => {
    runLayerTestCase({
      create: () => ffn({ activation: 'gelu', dropout: 0.1, outputDim: 3 }),
      cls: FeedForward,
      inputs: () => tf.randomNormal([2, 5, 8], 0, 1, 'float32', 1),
      outputShape: [2, 5, 3],
      trainableWeights: 4,
    });
  });

  for (const activation of ['relu', 'gelu'] as const) {
    it(`equals dense → ${activation} → dense computed by hand`, () => {
      const layer = ffn({ activation });
      const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 1);
      const out = layer.apply(x) as tf.Tensor;
      expectClose(out, naiveFeedForward(x.arraySync() as number[][][], layer), 1e-5);
      tf.dispose([x, out]);
    });
  }

  it('applies dropout only while training', () => {
    const layer = ffn({ dropout: 0.5 });
    const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 1);
    const inference = layer.apply(x) as tf.Tensor;
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    const zeros = tf.tidy(() => tf.sum(tf.equal(training, 0)).dataSync()[0]);
    expect(zeros).toBeGreaterThan(10); // about half of 80
    expectClose(layer.apply(x) as tf.Tensor, inference, 0);
  });

  it('accepts inputs of any rank ≥ 2', () => {
    const layer = ffn();
    expect((layer.apply(tf.zeros([3, 8])) as tf.Tensor).shape).toEqual([3, 8]);
    expect((layer.apply(tf.zeros([2, 3, 4, 8])) as tf.Tensor).shape).toEqual([2, 3, 4, 8]);
  });

  it('rejects inputs of the wrong rank or width, naming the shape', () => {
    expect(() => ffn().apply(tf.zeros([8]))).toThrow(/FeedForward 'ffn': expected one input of shape \(…, features\) with rank ≥ 2, got \[8\]/);
    const layer = ffn();
    layer.apply(tf.zeros([2, 8]));
    expect(() => layer.apply(tf.zeros([2, 5, 7]))).toThrow(/expected input features 8 \(the size it was built for\), got shape \[2, 5, 7\]/);
    expect(() => ffn({ activation: 'swish' as 'relu' })).toThrow(/expected activation to be one of 'relu', 'gelu', got "swish"/);
  });
});
