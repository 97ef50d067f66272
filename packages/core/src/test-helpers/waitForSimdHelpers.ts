import * as tf from '@tensorflow/tfjs';
import { simdHelpersFor } from '../kernels/simdHelpers';
import { asWasmBackend, wasmHeapMemory } from '../kernels/wasmBackendAccess';

/**
 * Waits (up to 20 s) until the wasm backend's SIMD helper threads are ready, since they start
 * asynchronously on first use; returns how many are. Call after `initBackend('wasm', { threads })`.
 */
export async function waitForSimdHelpers(expected: number): Promise<number> {
  const probe = tf.zeros([1]);
  const pool = simdHelpersFor(wasmHeapMemory(asWasmBackend(tf.backend(), 'test'), probe)!);
  probe.dispose();
  if (pool === null) return 0;
  const deadline = Date.now() + 20_000;
  while (pool.readyHelpers() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return pool.readyHelpers();
}
