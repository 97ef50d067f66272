import { seededValues } from '../test-helpers/seededValues';
import { SimdMatMulExports, simdMatMulBinary, simdMatMulFor } from './simdMatMulModule';
import { WasmMemory, webAssembly } from './webAssemblyApi';

/** Runs the module's matMul on a memory of its own against a naive product; returns the worst error. */
function worstError(memory: WasmMemory, m: number, k: number, n: number, transposeA: boolean): number {
  const kernel = simdMatMulFor(memory)!;
  const f = new Float32Array(memory.buffer);
  // Unaligned to 16 bytes on purpose: heap tensors are only 4-byte aligned in general.
  const [a, b, c] = [4, 8 + 4 * m * k, 12 + 4 * (m * k + k * n)];
  f.set(seededValues(m * k, m + k), a / 4);
  f.set(seededValues(k * n, k + n), b / 4);
  f.fill(Number.NaN, c / 4, c / 4 + m * n + 1);
  kernel.matMul(a, b, c, m, k, n, transposeA ? 4 : 4 * k, transposeA ? 4 * m : 4, 0);
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += f[a / 4 + (transposeA ? p * m + i : i * k + p)] * f[b / 4 + p * n + j];
      worst = Math.max(worst, Math.abs(sum - f[c / 4 + i * n + j]) || (Number.isNaN(f[c / 4 + i * n + j]) ? Infinity : 0));
    }
  }
  if (!Number.isNaN(f[c / 4 + m * n])) worst = Infinity; // wrote past c's end
  return worst;
}

describe('simdMatMulModule', () => {
  const sizes: [number, number, number][] = [[1, 1, 1], [5, 3, 7], [4, 8, 8], [33, 17, 9], [7, 5, 33], [3, 1, 13], [64, 32, 64]];

  test.each([false, true])('matMul matches a naive product (shared memory: %s)', (shared) => {
    expect(webAssembly!.validate(simdMatMulBinary(shared))).toBe(true);
    const memory = shared
      ? new webAssembly!.Memory({ initial: 2, maximum: 100, shared: true })
      : new webAssembly!.Memory({ initial: 2 });
    expect(simdMatMulFor(memory)).toBe(simdMatMulFor(memory)); // one instance per memory
    for (const [m, k, n] of sizes) {
      for (const transposeA of [false, true]) expect(worstError(memory, m, k, n, transposeA)).toBeLessThan(1e-5);
    }
  });

  test('transpose swaps rows and columns', () => {
    const memory = new webAssembly!.Memory({ initial: 1 });
    const f = new Float32Array(memory.buffer);
    const [rows, cols] = [3, 5];
    f.set(seededValues(rows * cols, 3), 1);
    simdMatMulFor(memory)!.transpose(4, 4 * (2 + rows * cols), rows, cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(f[2 + rows * cols + c * rows + r]).toBe(f[1 + r * cols + c]);
  });

  test('keeps working after the memory grows', () => {
    const memory = new webAssembly!.Memory({ initial: 1 });
    expect(worstError(memory, 9, 6, 11, false)).toBeLessThan(1e-5);
    memory.grow(3);
    expect(worstError(memory, 9, 6, 11, true)).toBeLessThan(1e-5);
  });

  /** The module with k-blocks of `kc` rows, on a memory of its own. */
  function blocked(kc: number): { kernel: SimdMatMulExports; memory: WasmMemory } {
    const memory = new webAssembly!.Memory({ initial: 4 });
    const instance = new (webAssembly as unknown as { Instance: new (m: object, i: object) => { exports: unknown } }).Instance(
      new webAssembly!.Module(simdMatMulBinary(false, kc)),
      { env: { memory } },
    );
    return { kernel: instance.exports as SimdMatMulExports, memory };
  }

  /** Naive (A·B + bias)[i][j] over the floats of `f`, A read through element strides. */
  function naive(f: Float32Array, a: number, b: number, bias: number, i: number, j: number, k: number, n: number, ars: number, acs: number): number {
    let sum = bias === 0 ? 0 : f[bias / 4 + j];
    for (let p = 0; p < k; p++) sum += f[a / 4 + i * ars + p * acs] * f[b / 4 + p * n + j];
    return sum;
  }

  test.each([1, 3, 8])('k-blocks of %i rows, with and without bias, equal a naive product', (kc) => {
    const { kernel, memory } = blocked(kc);
    const f = new Float32Array(memory.buffer);
    for (const [m, k, n] of [[9, 17, 13], [4, 8, 8], [6, 3, 5], [1, 1, 1], [5, 20, 1]]) {
      for (const withBias of [false, true]) {
        for (const transposeA of [false, true]) {
          const [a, b, c, bias] = [4, 4 + 4 * m * k, 4 + 4 * (m * k + k * n), 8 + 4 * (m * k + k * n + m * n)];
          f.set(seededValues(m * k, m * k + kc), a / 4);
          f.set(seededValues(k * n, k * n + kc), b / 4);
          f.set(seededValues(n, 99), bias / 4);
          f.fill(Number.NaN, c / 4, c / 4 + m * n);
          const [ars, acs] = transposeA ? [1, m] : [k, 1];
          kernel.matMul(a, b, c, m, k, n, 4 * ars, 4 * acs, withBias ? bias : 0);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const expected = naive(f, a, b, withBias ? bias : 0, i, j, k, n, ars, acs);
              expect(Math.abs(f[c / 4 + i * n + j] - expected)).toBeLessThan(1e-5);
            }
          }
        }
      }
    }
  });

  test('matMulBatch multiplies each matrix, transposing b through the scratch and repeating a stride-0 operand', () => {
    const { kernel, memory } = blocked(4);
    const f = new Float32Array(memory.buffer);
    const [count, m, k, n] = [3, 5, 7, 6];
    const a = 4;
    const b = a + 4 * count * m * k; // count matrices (n, k): b transposed
    const c = b + 4 * count * k * n;
    const scratch = c + 4 * count * m * n;
    f.set(seededValues(count * m * k, 1), a / 4);
    f.set(seededValues(count * k * n, 2), b / 4);
    for (const bStride of [4 * k * n, 0]) {
      f.fill(Number.NaN, c / 4, c / 4 + count * m * n);
      kernel.matMulBatch(a, b, c, count, 4 * m * k, bStride, 4 * m * n, m, k, n, 4 * k, 4, scratch);
      for (let o = 0; o < count; o++) {
        const bo = b / 4 + (bStride / 4) * o;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < k; p++) sum += f[a / 4 + o * m * k + i * k + p] * f[bo + j * k + p];
            expect(Math.abs(f[c / 4 + o * m * n + i * n + j] - sum)).toBeLessThan(1e-5);
          }
        }
      }
    }
  });
});

