import * as tf from '@tensorflow/tfjs';
import { ADAMW_KERNEL, SUM_OF_SQUARES_KERNEL, initBackend, registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '@tfzoo/core';
import { AdamW } from './AdamW';
import { Trainer } from './Trainer';
import type { ModelVariable } from './TrainableModel';
import { denseTrainable, maxWeightDifference, regressionSource, weightValues } from './test-helpers/regression';

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

  it('multiplies every gradient by gradScale first, as if given scaled gradients', async () => {
    const scaledInside = makeWeights();
    const scaledBefore = makeWeights();
    const a = new AdamW(HP);
    const b = new AdamW(HP);
    const scale = tf.scalar(0.3);
    for (let t = 0; t < 2; t++) {
      const grads = new Map<string, tf.Tensor>([
        ['dense/kernel', tf.tensor2d(GRADS_W[t], [2, 2])],
        ['dense/bias', tf.tensor1d(GRADS_B[t])],
      ]);
      const scaled = new Map([...grads].map(([n, g]) => [n, g.mul(scale)]));
      a.applyGradients(scaledInside, grads, RATES[t], scale);
      b.applyGradients(scaledBefore, scaled, RATES[t]);
      tf.dispose([...grads.values(), ...scaled.values()]);
    }
    expectClose(scaledInside[0].variable.dataSync(), Array.from(scaledBefore[0].variable.dataSync()), 0);
    expectClose(scaledInside[1].variable.dataSync(), Array.from(scaledBefore[1].variable.dataSync()), 0);
    // Adam's step is nearly scale-invariant, its first moment is not: m = β1(1 − β1)·s·g₁ + (1 − β1)·s·g₂.
    const m = (await a.getState()).tensors.find((t) => t.name === 'm/dense/kernel')!.data;
    const expectedM = GRADS_W[0].map((g0, i) => HP.beta1 * (1 - HP.beta1) * 0.3 * g0 + (1 - HP.beta1) * 0.3 * GRADS_W[1][i]);
    expectClose(m, expectedM, 1e-7);
    expect(maxDiff(m, expectedM.map((x) => x / 0.3))).toBeGreaterThan(1e-3);
    expect(() => a.applyGradients(scaledInside, new Map(), 0.1, tf.tidy(() => tf.ones([2]) as tf.Scalar))).toThrow(
      'AdamW: expected gradScale to be a float32 scalar, got a float32 tensor of shape [2]',
    );
    a.dispose();
    b.dispose();
    tf.dispose([scale, ...[...scaledInside, ...scaledBefore].map((w) => w.variable)]);
  });

  it('rejects bad hyper-parameters by name', () => {
    expect(() => new AdamW({ beta1: 1 })).toThrow('expected beta1 in [0, 1), got 1');
    expect(() => new AdamW({ weightDecay: -1 })).toThrow('expected weightDecay >= 0, got -1');
  });
});

/** Deterministic values in [-1, 1), so both runs see identical inputs. */
function seeded(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Weights of several shapes: sizes 1, non-multiples of 4, and a matrix; the rank ≥ 2 ones decay. */
const SHAPES: Record<string, number[]> = { scalarLike: [1], odd: [7], bias: [13], matrix: [9, 5], cube: [3, 2, 5] };

function seededWeights(): ModelVariable[] {
  return tf.tidy(() =>
    Object.entries(SHAPES).map(([name, shape], i) => ({
      name,
      variable: tf.variable(tf.tensor(seeded(tf.util.sizeFromShape(shape), i + 1), shape)),
      trainable: true,
    })),
  );
}

/** Three AdamW steps on the current backend with gradScale 0.4 on odd steps; returns the weights and moments. */
async function threeSteps(): Promise<{ values: Map<string, Float32Array>; kernels: string[] }> {
  const weights = seededWeights();
  const opt = new AdamW({ ...HP, weightDecay: 0.1 });
  const kernels = new Set<string>();
  for (let t = 0; t < 3; t++) {
    const grads = new Map(
      weights.map((w, i) => [w.name, tf.tensor(seeded(w.variable.size, 100 * t + i).map((x, j) => x * 10 ** ((j % 3) - 2)), w.variable.shape)]),
    );
    const scale = t % 2 === 0 ? tf.scalar(0.4) : undefined;
    const before = tf.memory().numTensors;
    const info = await tf.profile(() => opt.applyGradients(weights, grads, RATES[t % 2], scale));
    info.kernelNames.forEach((k) => kernels.add(k));
    // Only the moments created at the first step stay.
    expect(tf.memory().numTensors).toBe(before + (t === 0 ? 2 * weights.length : 0));
    tf.dispose([...grads.values(), ...(scale ? [scale] : [])]);
  }
  const state = await opt.getState();
  const values = weightValues({ variables: () => weights });
  for (const s of state.tensors) values.set(s.name, Float32Array.from(s.data));
  opt.dispose();
  tf.dispose(weights.map((w) => w.variable));
  return { values, kernels: [...kernels] };
}

/** Largest |a − b| / (|b| + 1e-12) over every tensor of two maps with the same names. */
function maxRelativeDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  let max = 0;
  for (const [name, va] of a) {
    const vb = b.get(name)!;
    for (let i = 0; i < va.length; i++) max = Math.max(max, Math.abs(va[i] - vb[i]) / (Math.abs(vb[i]) + 1e-12));
  }
  return max;
}

describe('AdamW on wasm (fused kernels)', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: null });
  });
  afterAll(() => registerWasmTrainingKernels());

  it('updates weights and moments as the composed ops do, one kernel per weight', async () => {
    const fused = await threeSteps();
    expect(fused.kernels).toEqual([ADAMW_KERNEL]);
    unregisterWasmTrainingKernels();
    const composed = await threeSteps();
    registerWasmTrainingKernels();
    expect(composed.kernels).not.toContain(ADAMW_KERNEL);
    expect(composed.kernels).toEqual(expect.arrayContaining(['Multiply', 'Sqrt', 'RealDiv']));
    expect(maxRelativeDifference(fused.values, composed.values)).toBeLessThan(1e-5);
    // The test can fail: the runs moved the weights well beyond the tolerance.
    const initial = seededWeights();
    const start = weightValues({ variables: () => initial });
    tf.dispose(initial.map((w) => w.variable));
    expect(maxWeightDifference(start, new Map([...fused.values].filter(([n]) => n in SHAPES)))).toBeGreaterThan(1e-3);
  });

  it('trains through Trainer.trainStep to the same weights with and without the fused kernels, clipping, leak-free', async () => {
    const run = async () => {
      const model = denseTrainable({ seed: 5 });
      // gradClip well below the gradient norm, so the clip factor (gradScale) is < 1 every step.
      const trainer = new Trainer(model, { maxSteps: 3, learningRate: 0.05, warmupSteps: 0, gradClip: 0.05, gradientAccumulationSteps: 2 });
      const source = regressionSource(9);
      const counts: number[] = [];
      const norms: number[] = [];
      const kernels = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const info = await tf.profile(async () => norms.push((await trainer.trainStep(() => source.next())).gradNorm));
        info.kernelNames.forEach((k) => kernels.add(k));
        counts.push(tf.memory().numTensors);
      }
      const weights = weightValues(model);
      trainer.dispose();
      model.model.dispose();
      return { weights, counts, norms, kernels };
    };
    const fused = await run();
    unregisterWasmTrainingKernels();
    const composed = await run();
    registerWasmTrainingKernels();
    expect(fused.kernels.has(ADAMW_KERNEL) && fused.kernels.has(SUM_OF_SQUARES_KERNEL)).toBe(true);
    expect(composed.kernels.has(ADAMW_KERNEL) || composed.kernels.has(SUM_OF_SQUARES_KERNEL)).toBe(false);
    expect(fused.norms.every((n) => n > 0.05)).toBe(true);
    fused.norms.forEach((n, i) => expect(Math.abs(n - composed.norms[i]) / n).toBeLessThan(1e-5));
    expect(maxWeightDifference(fused.weights, composed.weights)).toBeLessThan(1e-5);
    expect(new Set(fused.counts).size).toBe(1);
    expect(new Set(composed.counts).size).toBe(1);
  });
});
