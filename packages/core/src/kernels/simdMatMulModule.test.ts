import { seededValues } from '../test-helpers/seededValues';
import { simdMatMulBinary, simdMatMulFor } from './simdMatMulModule';
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
  kernel.matMul(a, b, c, m, k, n, transposeA ? 4 : 4 * k, transposeA ? 4 * m : 4);
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
});
