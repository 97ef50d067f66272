import { threadedWasmThreads } from '../threadedWasm';
import { simdElementwiseBinary } from './simdElementwiseModule';
import { simdMatMulBinary } from './simdMatMulModule';
import { SimdThreadPool, splitRange } from './simdThreadPool';
import { isSharedMemory, WasmMemory } from './webAssemblyApi';

/** Indices of the functions the helper threads can run (the pool's table, in module order). */
export const HELPER_MATMUL = 0;
export const HELPER_MATMUL_BATCH = 1;
export const HELPER_GELU_FORWARD = 2;
export const HELPER_GELU_BACKWARD = 3;

const HELPER_MODULES = (shared: boolean) => [
  { binary: simdMatMulBinary(shared), functions: ['matMul', 'matMulBatch'] },
  { binary: simdElementwiseBinary(shared), functions: ['geluForward', 'geluBackward'] },
];

const pools = new WeakMap<WasmMemory, SimdThreadPool | null>();

/**
 * The helper threads for tfzoo's SIMD kernels on `memory`: `threads − 1` of them when this
 * process runs the threaded wasm build with `threads` ≥ 2 (the calling thread is the other),
 * started on first use; null on the single-threaded build, or where workers cannot start.
 */
export function simdHelpersFor(memory: WasmMemory): SimdThreadPool | null {
  const cached = pools.get(memory);
  if (cached !== undefined) return cached;
  const threads = threadedWasmThreads();
  let pool: SimdThreadPool | null = null;
  if (threads !== null && threads >= 2 && isSharedMemory(memory)) {
    try {
      pool = new SimdThreadPool(memory, HELPER_MODULES(true), threads - 1);
    } catch {
      pool = null; // e.g. no worker_threads: the kernels run on the calling thread alone
    }
  }
  pools.set(memory, pool);
  return pool;
}

/** How a `runOnHelpers` call splits its work. */
export interface HelperSplit {
  /** The work is [0, total), e.g. rows or elements. */
  total: number;
  /** Range ends are multiples of this (see `splitRange`). */
  align: number;
  /** At most this many threads, the caller included (e.g. the per-thread scratch buffers there are). */
  maxThreads: number;
}

/**
 * Runs one function over [0, total) on the calling thread and the ready helpers of `memory`,
 * each taking a contiguous range: the thread numbered t ≥ 1 (a helper) runs function
 * `helperFn` with `args(from, to, t)`, the caller runs `own(from, to, 0)` on the first range.
 * With `maxThreads` 1, or no ready helper, the caller runs all of it.
 */
export function runOnHelpers(
  memory: WasmMemory,
  split: HelperSplit,
  helperFn: number,
  args: (from: number, to: number, thread: number) => readonly number[],
  own: (from: number, to: number, thread: number) => void,
): void {
  const { total, align, maxThreads } = split;
  const pool = maxThreads > 1 ? simdHelpersFor(memory) : null;
  const helpers = Math.min(maxThreads - 1, pool?.readyHelpers() ?? 0);
  if (pool === null || helpers <= 0) {
    own(0, total, 0);
    return;
  }
  const ranges = splitRange(total, helpers + 1, align);
  const jobs = ranges
    .map(([from, to], thread) => ({ from, to, thread }))
    .slice(1)
    .filter(({ from, to }) => to > from)
    .map(({ from, to, thread }) => ({ fn: helperFn, args: args(from, to, thread) }));
  pool.run(jobs, () => own(ranges[0][0], ranges[0][1], 0));
}

/** How many threads `runOnHelpers` may use on `memory` now (1 + ready helpers): sizes per-thread scratch. */
export function helperThreadsNow(memory: WasmMemory): number {
  return 1 + (simdHelpersFor(memory)?.readyHelpers() ?? 0);
}
