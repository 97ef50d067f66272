import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { ADAMW_KERNEL, AdamWKernelAttrs, adamWUpdateInto } from './adamWKernel';

const quiet = { log: null };
const SHAPES = [[1], [7], [5, 3], [33, 17], [2, 3, 5]];
const HYPER = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8 };
const RATES = [1e-2, 3e-3, 6e-4];

interface State {
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

function attrsAt(t: number, decay: boolean): AdamWKernelAttrs {
  const learningRate = RATES[t - 1];
  return {
    ...HYPER,
    learningRate,
    correction1: 1 - Math.pow(HYPER.beta1, t),
    correction2: 1 - Math.pow(HYPER.beta2, t),
    decayFactor: decay ? 1 - learningRate * 0.1 : 1,
  };
}

/** The update composed from tfjs ops, in @tfzoo/train AdamW's order. */
function composedStep(s: State, g: Float32Array, shape: number[], scale: number, a: AdamWKernelAttrs): State {
  return tf.tidy(() => {
    const gs = tf.tensor(g, shape).mul(tf.scalar(scale));
    const m = tf.tensor(s.m, shape).mul(a.beta1).add(gs.mul(1 - a.beta1));
    const v = tf.tensor(s.v, shape).mul(a.beta2).add(gs.square().mul(1 - a.beta2));
    const step = m.div(a.correction1).div(v.div(a.correction2).sqrt().add(a.epsilon)).mul(a.learningRate);
    const w = tf.tensor(s.w, shape);
    const decayed = a.decayFactor !== 1 ? w.mul(a.decayFactor) : w;
    return { w: decayed.sub(step).dataSync() as Float32Array, m: m.dataSync() as Float32Array, v: v.dataSync() as Float32Array };
  });
}

function fusedStep(s: State, g: Float32Array, shape: number[], scale: number, a: AdamWKernelAttrs): State {
  return tf.tidy(() => {
    const inputs = { w: tf.tensor(s.w, shape), g: tf.tensor(g, shape), m: tf.tensor(s.m, shape), v: tf.tensor(s.v, shape), gradScale: tf.scalar(scale) };
    const before = Object.values(inputs).map((t) => Array.from(t.dataSync()));
    const out = tf.engine().runKernel(ADAMW_KERNEL, inputs, a as unknown as tf.NamedAttrMap) as tf.Tensor[];
    expect(out.map((t) => t.shape)).toEqual([shape, shape, shape]);
    // Fresh buffers: the inputs (which may share buffers with other tensors) are untouched.
    expect(Object.values(inputs).map((t) => Array.from(t.dataSync()))).toEqual(before);
    expect(new Set([...out, ...Object.values(inputs)].map((t) => t.dataId)).size).toBe(8);
    return { w: out[0].dataSync() as Float32Array, m: out[1].dataSync() as Float32Array, v: out[2].dataSync() as Float32Array };
  });
}

/** The same update in plain JS doubles (as the paper writes it): a loose, independent check. */
function doubleStep(s: State, g: Float32Array, scale: number, a: AdamWKernelAttrs): { w: number[]; m: number[]; v: number[] } {
  const w: number[] = [];
  const m: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < g.length; i++) {
    const gi = g[i] * scale;
    m.push(a.beta1 * s.m[i] + (1 - a.beta1) * gi);
    v.push(a.beta2 * s.v[i] + (1 - a.beta2) * gi * gi);
    w.push(s.w[i] * a.decayFactor - (a.learningRate * (m[i] / a.correction1)) / (Math.sqrt(v[i] / a.correction2) + a.epsilon));
  }
  return { w, m, v };
}

/** Largest |a − b| / (|b| + floor) over the elements. */
/**
 * Largest difference relative to max(|b_i|, 1e-3 · max|b|): plain relative error is
 * ill-conditioned where a moment cancels to ~0 (β·m + (1−β)·g), and the fused loop rounds
 * fewer times than the composed float32 ops, so such elements may differ by many "relative" ulps.
 */
function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  const floor = Math.max(1e-3 * scale, 1e-12);
  let max = 0;
  for (let i = 0; i < b.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return max;
}

describe('wasm AdamW kernel', () => {
  beforeAll(async () => {
    await initBackend('wasm', quiet);
  });

  const cases = SHAPES.flatMap((shape) =>
    [
      { decay: true, scale: 0.37 },
      { decay: false, scale: 1 },
      { decay: false, scale: 2.5 },
    ].map((c) => [`[${shape}] decay ${c.decay} gradScale ${c.scale}`, shape, c.decay, c.scale] as const),
  );

  test.each(cases)('three steps equal the composed ops: %s', (_label, shape, decay, scale) => {
    const size = tf.util.sizeFromShape(shape);
    const start = { w: seededValues(size, 1), m: new Float32Array(size), v: new Float32Array(size) };
    let fused: State = start;
    let composed: State = start;
    const numTensors = tf.memory().numTensors;
    for (let t = 1; t <= 3; t++) {
      // Gradients of very different sizes, some exactly zero (v̂ = 0 at step 1, so ε matters).
      const g = seededValues(size, 10 + t).map((x, i) => (i % 5 === 4 ? 0 : x * 10 ** ((i % 3) - 2)));
      const a = attrsAt(t, decay);
      const reference = doubleStep(fused, g, scale, a);
      fused = fusedStep(fused, g, shape, scale, a);
      composed = composedStep(composed, g, shape, scale, a);
      expect(maxRelative(fused.w, composed.w)).toBeLessThan(1e-5);
      expect(maxRelative(fused.m, composed.m)).toBeLessThan(1e-5);
      expect(maxRelative(fused.v, composed.v)).toBeLessThan(1e-5);
      expect(maxRelative(fused.w, reference.w)).toBeLessThan(1e-4);
    }
    expect(tf.memory().numTensors).toBe(numTensors);
    // The test can fail: the weights moved, by more than the tolerance, and differently with and without decay.
    expect(maxRelative(fused.w, start.w)).toBeGreaterThan(1e-3);
  });

  test.each([[1], [3], [5], [33], [2000, 3]])('the kernel (SIMD) and its JS fallback give the same bits: [%s]', (...shape) => {
    const size = tf.util.sizeFromShape(shape);
    const state = { w: seededValues(size, 1), m: seededValues(size, 2).map((x) => x * 1e-2), v: seededValues(size, 3).map((x) => x * x * 1e-4) };
    const g = seededValues(size, 4).map((x, i) => x * 10 ** ((i % 5) - 3));
    const scale = Math.fround(0.61);
    const a = attrsAt(2, true);
    const numTensors = tf.memory().numTensors;
    const kernel = fusedStep(state, g, shape, scale, a);
    expect(tf.memory().numTensors).toBe(numTensors);
    const fallback = { w: new Float32Array(size), m: new Float32Array(size), v: new Float32Array(size) };
    adamWUpdateInto(state.w, g, state.m, state.v, scale, a, fallback);
    expect(Array.from(kernel.w)).toEqual(Array.from(fallback.w));
    expect(Array.from(kernel.m)).toEqual(Array.from(fallback.m));
    expect(Array.from(kernel.v)).toEqual(Array.from(fallback.v));
    expect(maxRelative(kernel.w, state.w)).toBeGreaterThan(1e-4);
  });

  test('rejects mismatched shapes, a non-scalar gradScale and missing attrs, naming them', () => {
    const a = attrsAt(1, true) as unknown as tf.NamedAttrMap;
    tf.tidy(() => {
      const x = tf.zeros([2, 3]);
      const run = (inputs: tf.NamedTensorMap, attrs = a) => () => tf.engine().runKernel(ADAMW_KERNEL, inputs, attrs);
      expect(run({ w: x, g: tf.zeros([3, 2]), m: x, v: x, gradScale: tf.scalar(1) })).toThrow(
        'TfzooAdamW: expected g of w\'s shape [2,3], got [3,2]',
      );
      expect(run({ w: x, g: x, m: x, v: x, gradScale: tf.ones([2]) })).toThrow('TfzooAdamW: expected gradScale to hold one value, got shape [2]');
      expect(run({ w: x, g: x, m: x, v: x, gradScale: tf.scalar(1) }, { ...a, epsilon: 'x' })).toThrow(
        "TfzooAdamW: expected a finite number attr 'epsilon', got \"x\"",
      );
      expect(run({ w: x, g: x, m: x, gradScale: tf.scalar(1) })).toThrow("TfzooAdamW: expected an input named 'v'");
    });
  });
});
