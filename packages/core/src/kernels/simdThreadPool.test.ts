import { seededValues } from '../test-helpers/seededValues';
import { simdMatMulBinary } from './simdMatMulModule';
import { SimdThreadPool, splitRange } from './simdThreadPool';
import { webAssembly } from './webAssemblyApi';

const MATMUL = 0;

async function untilReady(pool: SimdThreadPool, helpers: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (pool.readyHelpers() < helpers) {
    if (Date.now() > deadline) throw new Error(`helpers not ready after 20 s (${pool.readyHelpers()} of ${helpers})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('splitRange', () => {
  test('covers [0, total) in contiguous aligned ranges', () => {
    for (const [total, parts, align] of [[10, 3, 1], [131, 2, 4], [3, 4, 4], [0, 2, 4], [64, 1, 4]]) {
      const ranges = splitRange(total, parts, align);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0][0]).toBe(0);
      expect(ranges[parts - 1][1]).toBe(total);
      for (let p = 0; p < parts; p++) {
        expect(ranges[p][1]).toBeGreaterThanOrEqual(ranges[p][0]);
        if (p > 0) expect(ranges[p][0]).toBe(ranges[p - 1][1]);
        if (ranges[p][1] !== total) expect(ranges[p][1] % align).toBe(0);
      }
    }
    expect(splitRange(131, 2, 4)).toEqual([[0, 64], [64, 131]]);
  });
});

describe('SimdThreadPool', () => {
  const memory = webAssembly!.Memory
    ? new webAssembly!.Memory({ initial: 16, maximum: 64, shared: true })
    : (undefined as never);
  let pool: SimdThreadPool;

  beforeAll(async () => {
    pool = new SimdThreadPool(memory, [{ binary: simdMatMulBinary(true), functions: ['matMul'] }], 2);
    await untilReady(pool, 2);
  });
  afterAll(() => pool.terminate());

  test('refuses a memory that is not shared', () => {
    const plain = new webAssembly!.Memory({ initial: 1 });
    expect(() => new SimdThreadPool(plain, [], 1)).toThrow(/not shared/);
  });

  test('three threads compute their rows of one product, equal to a naive product', () => {
    const [m, k, n] = [37, 19, 23];
    const f = new Float32Array(memory.buffer);
    const [a, b, c] = [64, 64 + 4 * m * k, 64 + 4 * (m * k + k * n)];
    f.set(seededValues(m * k, 5), a / 4);
    f.set(seededValues(k * n, 6), b / 4);
    f.fill(Number.NaN, c / 4, c / 4 + m * n);
    const [own, first, second] = splitRange(m, 3, 4);
    const rowArgs = ([from, to]: [number, number]) => [a + 4 * from * k, b, c + 4 * from * n, to - from, k, n, 4 * k, 4, 0];
    let ownRan = false;
    pool.run([{ fn: MATMUL, args: rowArgs(first) }, { fn: MATMUL, args: rowArgs(second) }], () => {
      ownRan = true;
      const args = rowArgs(own);
      const g = new Float32Array(memory.buffer);
      // The caller's share, in JavaScript: proves the rows of each thread land where they should.
      for (let i = 0; i < args[3]; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) sum += g[a / 4 + i * k + p] * g[b / 4 + p * n + j];
          g[c / 4 + i * n + j] = sum;
        }
      }
    });
    expect(ownRan).toBe(true);
    const g = new Float32Array(memory.buffer);
    let worst = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += g[a / 4 + i * k + p] * g[b / 4 + p * n + j];
        const got = g[c / 4 + i * n + j];
        worst = Math.max(worst, Number.isNaN(got) ? Infinity : Math.abs(got - sum));
      }
    }
    expect(worst).toBeLessThan(1e-4);
  });

  test('waits for the helpers even when the caller’s share throws', () => {
    const f = new Float32Array(memory.buffer);
    const [k, n, rows] = [300, 64, 64];
    const [a, b, c] = [64, 64 + 4 * rows * k, 64 + 4 * (rows * k + k * n)];
    f.fill(1, a / 4, a / 4 + rows * k + k * n);
    f.fill(0, c / 4, c / 4 + rows * n);
    expect(() => pool.run([{ fn: MATMUL, args: [a, b, c, rows, k, n, 4 * k, 4, 0] }], () => {
      throw new Error('caller failed');
    })).toThrow('caller failed');
    // The helper's product is complete when run returns: every element is the sum of k ones.
    expect(new Float32Array(memory.buffer, c, rows * n).every((v) => v === k)).toBe(true);
  });

  test('reports a helper whose function trapped, and stays usable', () => {
    const outside = memory.buffer.byteLength; // the first byte past the heap
    expect(() => pool.run([{ fn: MATMUL, args: [outside, outside, outside, 4, 4, 4, 16, 4, 0] }], () => undefined)).toThrow(/trapped/);
    expect(pool.readyHelpers()).toBe(2);
  });

  test('rejects more jobs than ready helpers', () => {
    const job = { fn: MATMUL, args: [0, 0, 0, 0, 1, 0, 4, 4, 0] };
    expect(() => pool.run([job, job, job], () => undefined)).toThrow(/3 jobs for 2 ready helpers/);
  });
});
