import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { GELU_GRAD_KERNEL, GELU_KERNEL, geluGradInto, geluInto } from './geluKernels';
import { asWasmBackend, heapFloat32 } from './wasmBackendAccess';

const quiet = { log: null };

/** Inputs: moderate values, a sweep through both tails, tiny and huge magnitudes, signed zeros; 1003 = 4·250 + 3. */
function inputs(): { x: Float32Array; dy: Float32Array } {
  const x = seededValues(1003, 21).map((v) => 3 * v);
  const extremes = [0, -0, 1e-30, -1e-30, 1e-7, -1e-7, 20, -20, 1e6, -1e6, 3e38, -3e38];
  x.set(extremes, 0);
  for (let i = 0; i < 400; i++) x[100 + i] = -10 + i / 20; // [−10, 10)
  return { x, dy: seededValues(1003, 22).map((v) => 2 * v) };
}

const SHAPE = [17, 59]; // 1003 elements

/** The composed GELU (the formula of @tfzoo/layers' gelu) and its gradient, on the current backend. */
function composed(x: Float32Array, dy: Float32Array): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const f = (t: tf.Tensor) => tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.mul(t, Math.SQRT1_2))));
    const xt = tf.tensor(x, SHAPE);
    return [f(xt).dataSync() as Float32Array, tf.grad(f)(xt, tf.tensor(dy, SHAPE)).dataSync() as Float32Array];
  });
}

function fused(x: Float32Array, dy: Float32Array): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const xt = tf.tensor(x, SHAPE);
    const y = tf.engine().runKernel(GELU_KERNEL, { x: xt }) as tf.Tensor;
    const dx = tf.engine().runKernel(GELU_GRAD_KERNEL, { x: xt, dy: tf.tensor(dy, SHAPE) }) as tf.Tensor;
    expect([y.shape, dx.shape]).toEqual([SHAPE, SHAPE]);
    return [y.dataSync() as Float32Array, dx.dataSync() as Float32Array];
  });
}

/**
 * Forward: ≤ 1e-6·max(1, |x|) (float32's own rounding of y is 6e-8·|y|, and cpu's erf has
 * ~1.5e-7 error). Backward: ≤ 1e-5·max(1, |dy|).
 */
function expectMatch(x: Float32Array, dy: Float32Array, [y, dx]: Float32Array[], [yWant, dxWant]: Float32Array[]): void {
  for (let i = 0; i < x.length; i++) {
    if (!(Math.abs(y[i] - yWant[i]) <= 1e-6 * Math.max(1, Math.abs(x[i])) || Object.is(y[i], yWant[i]))) {
      throw new Error(`gelu(${x[i]}): got ${y[i]}, expected ${yWant[i]}`);
    }
    if (!(Math.abs(dx[i] - dxWant[i]) <= 1e-5 * Math.max(1, Math.abs(dy[i])))) {
      throw new Error(`gelu'(${x[i]})·${dy[i]}: got ${dx[i]}, expected ${dxWant[i]}`);
    }
  }
}

describe('GELU kernels', () => {
  const { x, dy } = inputs();
  let expected: Float32Array[];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    expected = composed(x, dy);
    await initBackend('wasm', quiet);
  });

  test('the wasm kernels match the composed formula and its gradient on the cpu backend, without leaks', () => {
    const before = tf.memory().numTensors;
    const actual = fused(x, dy);
    expect(tf.memory().numTensors).toBe(before);
    expectMatch(x, dy, actual, expected);
    expect(Object.is(actual[0][1], -0)).toBe(true); // gelu(−0) = −0
  });

  test('NaN propagates; infinities follow the composed formula', () => {
    const special = Float32Array.from([Number.NaN, Infinity, -Infinity, 1]);
    const ones = new Float32Array(4).fill(1);
    const [y, dx] = tf.tidy(() => {
      const xt = tf.tensor1d(special);
      return [
        Array.from((tf.engine().runKernel(GELU_KERNEL, { x: xt }) as tf.Tensor).dataSync()),
        Array.from((tf.engine().runKernel(GELU_GRAD_KERNEL, { x: xt, dy: tf.tensor1d(ones) }) as tf.Tensor).dataSync()),
      ];
    });
    expect(y.slice(0, 3)).toEqual([Number.NaN, Infinity, Number.NaN]);
    expect(dx.slice(0, 3)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(y[3]).toBeCloseTo(0.8413447, 6);
    expect(dx[3]).toBeCloseTo(0.8413447 + 0.2419707, 6);
  });

  test('still right after the heap grows, and on empty tensors', () => {
    const heapBytes = () => tf.tidy(() => heapFloat32(asWasmBackend(tf.backend(), 'test'), tf.zeros([1])).buffer.byteLength);
    const before = heapBytes();
    const big = tf.zeros([(heapBytes() + 16 * 1024 * 1024) / 4]); // more than the whole heap: it must grow
    try {
      expect(heapBytes()).toBeGreaterThan(before);
      expectMatch(x, dy, fused(x, dy), expected);
    } finally {
      big.dispose();
    }
    const empty = tf.tidy(() => Array.from((tf.engine().runKernel(GELU_KERNEL, { x: tf.zeros([0, 3]) }) as tf.Tensor).shape));
    expect(empty).toEqual([0, 3]);
  });

  test('the JS fallback matches the cpu backend too', () => {
    const y = new Float32Array(x.length);
    const dx = new Float32Array(x.length);
    geluInto(x, y);
    geluGradInto(x, dy, dx);
    expectMatch(x, dy, [y, dx], expected);
  });

  test('rejects mismatched shapes and non-float inputs, naming them', () => {
    expect(() => tf.tidy(() => tf.engine().runKernel(GELU_GRAD_KERNEL, { x: tf.zeros([2, 4]), dy: tf.zeros([4, 2]) }))).toThrow(
      "TfzooGeluGrad: expected dy of x's shape [2,4], got [4,2]",
    );
    expect(() => tf.tidy(() => tf.engine().runKernel(GELU_KERNEL, { x: tf.zeros([2], 'int32') }))).toThrow('TfzooGelu: expected x to be float32, got int32');
  });
});
