import { threadedWasmThreads } from '../threadedWasm';
import { simdMatMulBinary } from './simdMatMulModule';
import { SimdThreadPool } from './simdThreadPool';
import { isSharedMemory, WasmMemory } from './webAssemblyApi';

/** Indices of the functions the helper threads can run (the pool's table, in module order). */
export const HELPER_MATMUL = 0;
export const HELPER_MATMUL_BATCH = 1;

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
      pool = new SimdThreadPool(memory, [{ binary: simdMatMulBinary(true), functions: ['matMul', 'matMulBatch'] }], threads - 1);
    } catch {
      pool = null; // e.g. no worker_threads: the kernels run on the calling thread alone
    }
  }
  pools.set(memory, pool);
  return pool;
}
