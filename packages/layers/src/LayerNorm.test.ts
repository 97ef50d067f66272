import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { LayerNorm } from './LayerNorm';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';

const RANDOM = (seed: number) => ({ className: 'RandomNormal', config: { mean: 0, stddev: 1, seed } });

describe.each(BACKENDS)('LayerNorm on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runLayerTestCase({
    create: () => new LayerNorm({ name: 'norm', gammaInitializer: RANDOM(1), betaInitializer: RANDOM(2) }),
    cls: LayerNorm,
    inputs: () => tf.randomNormal([2, 5, 6], 0, 1, 'float32', 1),
    outputShape: [2, 5, 6],
    trainableWeights: 2,
  });

  it('equals γ·(x − mean)/√(var + ε) + β computed by hand, and tf.layers.layerNormalization', () => {
    const layer = new LayerNorm({ epsilon: 1e-3, gammaInitializer: RANDOM(1), betaInitializer: RANDOM(2) });
    const x = tf.randomNormal([4, 6], 3, 2, 'float32', 1);
    const out = layer.apply(x) as tf.Tensor;
    const [gamma, beta] = layer.getWeights().map((w) => w.arraySync() as number[]);
    const expected = (x.arraySync() as number[][]).map((row) => {
      const mean = row.reduce((a, c) => a + c, 0) / row.length;
      const variance = row.reduce((a, c) => a + (c - mean) ** 2, 0) / row.length;
      return row.map((v, k) => (gamma[k] * (v - mean)) / Math.sqrt(variance + 1e-3) + beta[k]);
    });
    expectClose(out, expected, 1e-5);

    const reference = tf.layers.layerNormalization({ epsilon: 1e-3 });
    reference.apply(x);
    reference.setWeights(layer.getWeights());
    expectClose(out, reference.apply(x) as tf.Tensor, 1e-5);
  });

  it('differentiates without Tile or Slice kernels (tf.layers.layerNormalization needs one slice per row)', async () => {
    const layer = new LayerNorm();
    const x = tf.randomNormal([32, 8], 0, 1, 'float32', 1);
    layer.apply(x);
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, vars);
      tf.dispose([value, grads]);
    });
    const names = profile.kernels.map((k) => k.name);
    expect(names.filter((n) => n === 'Tile' || n === 'Slice')).toEqual([]);
  });

  it('rejects an input whose width differs from the built one', () => {
    const layer = new LayerNorm({ name: 'norm' });
    layer.apply(tf.zeros([2, 4]));
    expect(() => layer.apply(tf.zeros([2, 3, 5]))).toThrow(/LayerNorm 'norm': expected input features 4 \(the size it was built for\), got shape \[2, 3, 5\]/);
    expect(() => new LayerNorm({ epsilon: 0 })).toThrow(/expected epsilon to be a positive number, got 0/);
  });
});

describe('LayerNorm with the fused wasm kernels', () => {
  /** Output and gradients w.r.t. x, γ and β for fixed inputs and weights. */
  const run = () =>
    tf.tidy(() => {
      const layer = new LayerNorm({ epsilon: 1e-5, gammaInitializer: RANDOM(3), betaInitializer: RANDOM(4) });
      const x = tf.randomNormal([3, 4, 10], 1, 2, 'float32', 5);
      const dy = tf.randomNormal([3, 4, 10], 0, 1, 'float32', 6);
      layer.apply(x);
      const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const f = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, dy)) as tf.Scalar;
      const { grads } = tf.variableGrads(() => f(x), vars);
      const dx = tf.grad(f)(x);
      const result = [layer.apply(x) as tf.Tensor, dx, ...vars.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()));
      layer.dispose();
      return result;
    });

  it('gives the composed formula’s output and gradients (cpu backend), without leaks', async () => {
    await initBackend('cpu', { log: null });
    const cpu = run();
    await initBackend('wasm', { log: null });
    const before = tf.memory().numTensors;
    const wasm = run();
    expect(tf.memory().numTensors).toBe(before);
    wasm.forEach((values, k) => values.forEach((v, i) => expect(v).toBeCloseTo(cpu[k][i], 4)));
  });
});
