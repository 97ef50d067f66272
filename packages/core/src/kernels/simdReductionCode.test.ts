import { seededValues } from '../test-helpers/seededValues';
import { adamWUpdateInto, AdamWKernelAttrs } from './adamWKernel';
import { columnSumsInto } from './fastSumKernel';
import { simdElementwiseFor } from './simdElementwiseModule';
import { WasmMemory, webAssembly } from './webAssemblyApi';

function memoryOf(pages: number, shared: boolean): WasmMemory {
  return shared ? new webAssembly!.Memory({ initial: pages, maximum: 1000, shared: true }) : new webAssembly!.Memory({ initial: pages });
}

/** Bitwise equality (NaN-safe), naming the first difference. */
function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = new Int32Array(actual.buffer.slice(actual.byteOffset, actual.byteOffset + actual.byteLength));
  const b = new Int32Array(expected.buffer.slice(expected.byteOffset, expected.byteOffset + expected.byteLength));
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) throw new Error(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Values of very different magnitudes, so float32 accumulation would lose bits that double keeps. */
function wideValues(size: number, seed: number): Float32Array {
  return seededValues(size, seed).map((v, i) => v * 10 ** ((i % 7) - 3));
}

describe('simdReductionCode (in simdElementwiseModule)', () => {
  const SUM_SHAPES = [1, 2000].flatMap((rows) => [1, 3, 5, 16, 33, 37].map((cols) => [rows, cols] as const)).concat([[0, 5], [768, 130]]);

  test.each([false, true])('columnSum equals the JS fallback bit for bit, and a double reference (shared memory: %s)', (shared) => {
    const memory = memoryOf(260, shared);
    const kernel = simdElementwiseFor(memory)!;
    for (const [rows, cols] of SUM_SHAPES) {
      const x = wideValues(rows * cols, rows + cols);
      const f = new Float32Array(memory.buffer);
      const xAt = 1; // 4- but not 16-byte aligned
      const outAt = xAt + rows * cols + 3;
      f.set(x, xAt);
      f.fill(Number.NaN, outAt, outAt + cols + 1);
      kernel.columnSum(4 * xAt, 4 * outAt, rows, cols);
      const expected = new Float32Array(cols);
      columnSumsInto(x, rows, cols, expected);
      expectSameBits(f.slice(outAt, outAt + cols), expected, `columnSum (${rows}, ${cols})`);
      expect(f[outAt + cols]).toBeNaN(); // nothing written past the end
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let magnitude = 0;
        for (let r = 0; r < rows; r++) {
          sum += x[r * cols + c];
          magnitude += Math.abs(x[r * cols + c]);
        }
        // Double accumulation: only the final rounding to float32 remains.
        expect(Math.abs(expected[c] - sum)).toBeLessThanOrEqual(6e-8 * Math.abs(sum) + 1e-12 * magnitude);
      }
    }
  });

  const HYPER: AdamWKernelAttrs = { learningRate: 3e-3, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, correction1: 1 - 0.9 ** 3, correction2: 1 - 0.95 ** 3, decayFactor: 1 - 3e-4 };

  test.each([false, true])('adamW equals adamWUpdateInto bit for bit, every tail length (shared memory: %s)', (shared) => {
    const memory = memoryOf(4, shared);
    const kernel = simdElementwiseFor(memory)!;
    for (const n of [1, 2, 3, 4, 5, 33, 2000]) {
      const w = seededValues(n, 1);
      const g = wideValues(n, 2).map((v, i) => (i % 5 === 4 ? 0 : v));
      const m = seededValues(n, 3).map((v) => v * 1e-2);
      const v = seededValues(n, 4).map((x) => x * x * 1e-4);
      const at = [w, g, m, v].map((_, k) => 1 + k * (n + 3)); // float indices, odd
      const outAt = [4, 5, 6].map((k) => 1 + k * (n + 3));
      const f = new Float32Array(memory.buffer);
      [w, g, m, v].forEach((a, k) => f.set(a, at[k]));
      outAt.forEach((o) => f.fill(Number.NaN, o, o + n + 1));
      const scale = Math.fround(0.37);
      const h = HYPER;
      kernel.adamW(
        4 * at[0], 4 * at[1], 4 * at[2], 4 * at[3], 4 * outAt[0], 4 * outAt[1], 4 * outAt[2], n,
        scale, h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, h.learningRate / h.correction1, 1 / h.correction2, h.epsilon, h.decayFactor,
      );
      const expected = { w: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
      adamWUpdateInto(w, g, m, v, scale, h, expected);
      (['w', 'm', 'v'] as const).forEach((name, k) => {
        expectSameBits(f.slice(outAt[k], outAt[k] + n), expected[name], `adamW ${name} (n = ${n})`);
        expect(f[outAt[k] + n]).toBeNaN();
      });
      // The test can fail: the update moved the weights.
      expect(expected.w.some((x, i) => x !== w[i])).toBe(true);
    }
  });
});
