import * as tf from '@tensorflow/tfjs';
import { GELU_GRAD_KERNEL, GELU_KERNEL, initBackend } from '@tfzoo/core';
import { gelu } from './gelu';

const quiet = { log: null };
const SHAPE = [3, 7, 11]; // 231 elements: not a multiple of 4

/** Fixed inputs with both tails, tiny values and signed zeros. */
function inputs(): { x: number[]; dy: number[] } {
  const x = Array.from({ length: 231 }, (_, i) => -9 + (18 * ((i * 37) % 231)) / 231);
  x.splice(0, 6, 0, -0, 1e-20, -1e-20, 40, -40);
  return { x, dy: Array.from({ length: 231 }, (_, i) => Math.sin(i)) };
}

/** gelu's output, tf.grad of Σ gelu(x)·dy, and the kernels that ran. */
async function run(): Promise<{ y: Float32Array; dx: Float32Array; kernels: string[] }> {
  const { x, dy } = inputs();
  let result: { y: Float32Array; dx: Float32Array } | undefined;
  const profile = await tf.profile(() => {
    result = tf.tidy(() => {
      const xt = tf.tensor(x, SHAPE);
      const dyt = tf.tensor(dy, SHAPE);
      const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gelu(t), dyt)))(xt);
      return { y: gelu(xt).dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
    });
  });
  return { ...result!, kernels: profile.kernels.map((k) => k.name) };
}

describe('gelu', () => {
  let cpu: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    cpu = await run();
  });

  test('on cpu it is the composed formula: x·½·(1 + erf(x/√2))', () => {
    expect(cpu.kernels).toContain('Erf');
    expect(cpu.kernels).not.toContain(GELU_KERNEL);
    inputs().x.forEach((v, i) => {
      // erf(z) = 2/√π·e^(−z²)·Σ 2ⁿz^(2n+1)/(2n+1)!! (all terms positive: no cancellation).
      const a = Math.abs(v * Math.SQRT1_2);
      let term = a;
      let sum = a;
      for (let n = 1; n < 500 && term > 1e-18 * sum; n++) {
        term *= (2 * a * a) / (2 * n + 1);
        sum += term;
      }
      const erf = a > 6 ? Math.sign(v) : Math.sign(v) * (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
      expect(Math.abs(cpu.y[i] - 0.5 * v * (1 + erf))).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
    });
  });

  test('on wasm it runs the fused kernels and tf.grad through it equals cpu, without leaks', async () => {
    await initBackend('wasm', quiet);
    expect(tf.getKernel(GELU_KERNEL, 'wasm')).toBeDefined();
    const before = tf.memory().numTensors;
    const wasm = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm.kernels).toEqual(expect.arrayContaining([GELU_KERNEL, GELU_GRAD_KERNEL]));
    expect(wasm.kernels).not.toContain('Erf');
    const { x, dy } = inputs();
    x.forEach((v, i) => {
      if (!(Math.abs(wasm.y[i] - cpu.y[i]) <= 1e-6 * Math.max(1, Math.abs(v)) || Object.is(wasm.y[i], cpu.y[i]))) {
        throw new Error(`gelu(${v}): wasm ${wasm.y[i]}, cpu ${cpu.y[i]}`);
      }
      if (!(Math.abs(wasm.dx[i] - cpu.dx[i]) <= 1e-5 * Math.max(1, Math.abs(dy[i])))) {
        throw new Error(`gelu'(${v})·${dy[i]}: wasm ${wasm.dx[i]}, cpu ${cpu.dx[i]}`);
      }
    });
  });

  test('int32 input on wasm takes the composed path', async () => {
    await initBackend('wasm', quiet);
    const y = tf.tidy(() => Array.from(gelu(tf.tensor1d([0, 1, -1], 'int32')).dataSync()));
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(0.8413, 3);
  });
});
