import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, layerNormGradInto, layerNormInto } from './layerNormKernels';
import { asWasmBackend, heapFloat32 } from './wasmBackendAccess';

const quiet = { log: null };
const X_SHAPE = [3, 5, 16];
const D = 16;
const EPSILON = 1e-5;

function data() {
  const x = seededValues(240, 11).map((v, i) => v * 3 + (i % 7)); // rows with non-zero means
  x.fill(0.25, 0, D); // a constant row: variance 0, so ε matters
  return { x, gamma: seededValues(D, 12).map((v) => 1 + v), beta: seededValues(D, 13), dy: seededValues(240, 14) };
}

/** The composed layer norm and its gradients w.r.t. x, γ and β (the reference, on the cpu backend). */
function reference(): number[][] {
  const { x, gamma, beta, dy } = data();
  return tf.tidy(() => {
    const f = (xt: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const mean = tf.mean(xt, -1, true);
      const centered = tf.sub(xt, mean);
      const variance = tf.mean(tf.square(centered), -1, true);
      return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, EPSILON))), g), b);
    };
    const inputs = [tf.tensor(x, X_SHAPE), tf.tensor1d(gamma), tf.tensor1d(beta)];
    const y = f(inputs[0], inputs[1], inputs[2]);
    const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(a, g, b))(inputs, tf.tensor(dy, X_SHAPE));
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

function fused(): number[][] {
  const { x, gamma, beta, dy } = data();
  return tf.tidy(() => {
    const xt = tf.tensor(x, X_SHAPE);
    const g = tf.tensor1d(gamma);
    const y = tf.engine().runKernel(LAYER_NORM_KERNEL, { x: xt, gamma: g, beta: tf.tensor1d(beta) }, { epsilon: EPSILON }) as tf.Tensor;
    const grads = tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy: tf.tensor(dy, X_SHAPE), x: xt, gamma: g }, { epsilon: EPSILON }) as tf.Tensor[];
    expect(grads.map((t) => t.shape)).toEqual([X_SHAPE, [D], [D]]);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

describe('wasm layer-norm kernels', () => {
  let expected: number[][];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    expected = reference();
    await initBackend('wasm', quiet);
  });

  test('y, dx, dγ and dβ match the composed formula and its gradient on the cpu backend, without leaks', () => {
    const before = tf.memory().numTensors;
    const actual = fused();
    expect(tf.memory().numTensors).toBe(before);
    ['y', 'dx', 'dgamma', 'dbeta'].forEach((name, k) => {
      actual[k].forEach((v, i) => {
        if (!(Math.abs(v - expected[k][i]) <= 1e-4 * Math.max(1, Math.abs(expected[k][i])))) {
          throw new Error(`${name}[${i}]: got ${v}, expected ${expected[k][i]}`);
        }
      });
    });
  });

  test.each([[7, 13], [768, 128]])('the SIMD kernels match the JS path (float64 statistics) on (%i, %i), also after the heap grows', (rows, d) => {
    const x = seededValues(rows * d, d).map((v, i) => 2 * v + (i % 3));
    const gamma = seededValues(d, 2).map((v) => 1 + v);
    const beta = seededValues(d, 3);
    const dy = seededValues(rows * d, 4);
    const js = [new Float32Array(rows * d), new Float32Array(rows * d), new Float32Array(d), new Float32Array(d)];
    layerNormInto(x, gamma, beta, EPSILON, js[0]);
    layerNormGradInto(dy, x, gamma, EPSILON, js[1], js[2], js[3]);
    const run = () =>
      tf.tidy(() => {
        const xt = tf.tensor(x, [rows, d]);
        const g = tf.tensor1d(gamma);
        const y = tf.engine().runKernel(LAYER_NORM_KERNEL, { x: xt, gamma: g, beta: tf.tensor1d(beta) }, { epsilon: EPSILON }) as tf.Tensor;
        const grads = tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy: tf.tensor(dy, [rows, d]), x: xt, gamma: g }, { epsilon: EPSILON }) as tf.Tensor[];
        return [y, ...grads].map((t) => t.dataSync() as Float32Array);
      });
    const heapBytes = () => tf.tidy(() => heapFloat32(asWasmBackend(tf.backend(), 'test'), tf.zeros([1])).buffer.byteLength);
    const compare = (simd: Float32Array[]) =>
      ['y', 'dx', 'dgamma', 'dbeta'].forEach((name, k) => {
        // Relative to the output's scale: dγ and dβ are sums over all rows.
        const scale = Math.max(1, ...Array.from(js[k], Math.abs));
        js[k].forEach((want, i) => {
          if (!(Math.abs(simd[k][i] - want) <= 1e-5 * scale)) throw new Error(`${name}[${i}]: got ${simd[k][i]}, expected ${want}`);
        });
      });
    const before = tf.memory().numTensors;
    compare(run());
    const heap = heapBytes();
    const big = tf.zeros([(heap + 16 * 1024 * 1024) / 4]); // more than the whole heap: it must grow
    try {
      expect(heapBytes()).toBeGreaterThan(heap);
      compare(run());
    } finally {
      big.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test('rejects a gamma that does not fit x, and a missing epsilon, naming them', () => {
    expect(() => tf.tidy(() => tf.engine().runKernel(LAYER_NORM_KERNEL, { x: tf.zeros([2, 4]), gamma: tf.ones([3]), beta: tf.zeros([4]) }, { epsilon: 1e-5 }))).toThrow(
      "expected gamma of shape [4] (x's last axis), got [3]",
    );
    expect(() => tf.tidy(() => tf.engine().runKernel(LAYER_NORM_KERNEL, { x: tf.zeros([2, 4]), gamma: tf.ones([4]), beta: tf.zeros([4]) }, {}))).toThrow(
      'expected a positive epsilon attr, got undefined',
    );
  });
});
