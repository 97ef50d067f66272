import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { AdamW } from './AdamW';
import type { ModelVariable } from './TrainableModel';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

const W0 = [0.5, -1.2, 2.0, 0.3]; // (2, 2)
const B0 = [0.7, -0.4]; // (2,)
const GRADS_W = [
  [0.1, -0.2, 0.3, 0.05],
  [-0.4, 0.25, 0.1, -0.3],
];
const GRADS_B = [
  [0.2, -0.1],
  [0.3, 0.6],
];
const RATES = [0.1, 0.05];
const HP = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.5 };

/** AdamW in plain JS doubles, one element at a time, as written in the paper / torch docs. */
function referenceAdamW(p0: number[], grads: number[][], decay: boolean): number[] {
  return p0.map((p, i) => {
    let m = 0;
    let v = 0;
    for (let t = 1; t <= grads.length; t++) {
      const g = grads[t - 1][i];
      const lr = RATES[t - 1];
      if (decay) p = p * (1 - lr * HP.weightDecay);
      m = HP.beta1 * m + (1 - HP.beta1) * g;
      v = HP.beta2 * v + (1 - HP.beta2) * g * g;
      const mHat = m / (1 - Math.pow(HP.beta1, t));
      const vHat = v / (1 - Math.pow(HP.beta2, t));
      p = p - (lr * mHat) / (Math.sqrt(vHat) + HP.epsilon);
    }
    return p;
  });
}

function makeWeights(): ModelVariable[] {
  // tidy frees the initial tensors the variables copy.
  return tf.tidy(() => [
    { name: 'dense/kernel', variable: tf.variable(tf.tensor2d(W0, [2, 2])), trainable: true },
    { name: 'dense/bias', variable: tf.variable(tf.tensor1d(B0)), trainable: true },
  ]);
}

function step(opt: AdamW, weights: ModelVariable[], t: number): void {
  const grads = new Map<string, tf.Tensor>([
    ['dense/kernel', tf.tensor2d(GRADS_W[t], [2, 2])],
    ['dense/bias', tf.tensor1d(GRADS_B[t])],
  ]);
  opt.applyGradients(weights, grads, RATES[t]);
  tf.dispose([...grads.values()]);
}

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 2e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol);
}

function maxDiff(a: ArrayLike<number>, b: number[]): number {
  return Math.max(...b.map((x, i) => Math.abs(a[i] - x)));
}

describe('AdamW', () => {
  it('matches a hand-computed two-step update, decaying the matrix but not the bias (rank 1)', () => {
    const weights = makeWeights();
    const opt = new AdamW(HP);
    step(opt, weights, 0);
    step(opt, weights, 1);
    expect(opt.step).toBe(2);
    expectClose(weights[0].variable.dataSync(), referenceAdamW(W0, GRADS_W, true));
    expectClose(weights[1].variable.dataSync(), referenceAdamW(B0, GRADS_B, false));
    // The test can fail: had the bias been decayed, it would be visibly elsewhere.
    expect(maxDiff(weights[1].variable.dataSync(), referenceAdamW(B0, GRADS_B, true))).toBeGreaterThan(1e-2);
    opt.dispose();
    tf.dispose(weights.map((w) => w.variable));
  });

  it('decays biases too when the filter says so, and nothing with weightDecay 0', () => {
    const decayAll = makeWeights();
    const opt = new AdamW({ ...HP, decays: () => true });
    step(opt, decayAll, 0);
    step(opt, decayAll, 1);
    expectClose(decayAll[1].variable.dataSync(), referenceAdamW(B0, GRADS_B, true));

    const plain = makeWeights();
    const adam = new AdamW({ ...HP, weightDecay: 0 });
    step(adam, plain, 0);
    step(adam, plain, 1);
    const noDecay = (p0: number[], g: number[][]) => {
      const saved = HP.weightDecay;
      HP.weightDecay = 0;
      try {
        return referenceAdamW(p0, g, true);
      } finally {
        HP.weightDecay = saved;
      }
    };
    expectClose(plain[0].variable.dataSync(), noDecay(W0, GRADS_W));
    opt.dispose();
    adam.dispose();
    tf.dispose([...decayAll, ...plain].map((w) => w.variable));
  });

  it('skips frozen weights and weights without a gradient', () => {
    const weights = makeWeights();
    weights[1].trainable = false;
    const opt = new AdamW(HP);
    const grads = new Map<string, tf.Tensor>([['dense/bias', tf.tensor1d(GRADS_B[0])]]);
    opt.applyGradients(weights, grads, 0.1);
    expectClose(weights[0].variable.dataSync(), Array.from(new Float32Array(W0)), 0);
    expectClose(weights[1].variable.dataSync(), Array.from(new Float32Array(B0)), 0);
    tf.dispose([...grads.values()]);
    opt.dispose();
    tf.dispose(weights.map((w) => w.variable));
  });

  it('exports and imports its state: step 1, save, load, step 2 equals two steps', async () => {
    const straight = makeWeights();
    const a = new AdamW(HP);
    step(a, straight, 0);
    step(a, straight, 1);

    const split = makeWeights();
    const b = new AdamW(HP);
    step(b, split, 0);
    const state = await b.getState();
    b.dispose();
    expect(state.step).toBe(1);
    expect(state.tensors.map((t) => t.name).sort()).toEqual(['m/dense/bias', 'm/dense/kernel', 'v/dense/bias', 'v/dense/kernel']);
    const c = new AdamW(HP);
    c.setState(state, split);
    step(c, split, 1);
    expect(c.step).toBe(2);
    expectClose(split[0].variable.dataSync(), Array.from(straight[0].variable.dataSync()), 0);
    expectClose(split[1].variable.dataSync(), Array.from(straight[1].variable.dataSync()), 0);
    a.dispose();
    c.dispose();
    tf.dispose([...straight, ...split].map((w) => w.variable));
  });

  it('rejects state that does not fit the model, naming the weight and shapes', async () => {
    const weights = makeWeights();
    const opt = new AdamW(HP);
    step(opt, weights, 0);
    const state = await opt.getState();
    const other = new AdamW(HP);
    const renamed = { ...state, tensors: state.tensors.map((t) => ({ ...t, name: t.name.replace('kernel', 'weights') })) };
    expect(() => other.setState(renamed, weights)).toThrow("optimizer state has moments for 'dense/weights', which the model does not have");
    const wrongShape = [{ ...weights[0], variable: tf.tidy(() => tf.variable(tf.zeros([2, 3]))) }, weights[1]];
    expect(() => other.setState(state, wrongShape)).toThrow("moments of 'dense/kernel' have shape [2,2], but the model's weight has shape [2,3]");
    opt.dispose();
    other.dispose();
    tf.dispose([...weights.map((w) => w.variable), wrongShape[0].variable]);
  });

  it('keeps the tensor count flat across steps and frees everything on dispose', () => {
    const weights = makeWeights();
    const before = tf.memory().numTensors;
    const opt = new AdamW(HP);
    step(opt, weights, 0);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step(opt, weights, i % 2);
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(afterFirst).toBe(before + 4); // m and v per weight
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(weights.map((w) => w.variable));
  });

  it('rejects bad hyper-parameters by name', () => {
    expect(() => new AdamW({ beta1: 1 })).toThrow('expected beta1 in [0, 1), got 1');
    expect(() => new AdamW({ weightDecay: -1 })).toThrow('expected weightDecay >= 0, got -1');
  });
});
