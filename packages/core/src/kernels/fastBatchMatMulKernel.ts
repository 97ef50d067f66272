import * as tf from '@tensorflow/tfjs';
import { FAST_PATH_MIN_MULTIPLY_ADDS, fastWasmMatMul, prefersFastPath } from './fastWasmMatMul';
import { matMulShapes, type MatMulShapes } from './matMulShapes';
import { prefersSimdBatchMatMul, simdBatchMatMul } from './simdBatchMatMul';
import { asWasmBackend, requireInput } from './wasmBackendAccess';
import { threadedWasmThreads } from '../threadedWasm';

/**
 * Largest transposed single product that runs on the SIMD kernel on one thread (~406³). The
 * GPT's (768 × 128 × 512) gradient products (50 M multiply-adds) belong there: alone, dX = dY·Wᵀ
 * runs 1.07-1.16× against transpose + XNNPACK and dW = Xᵀ·dY 0.86×
 * (`scripts/probes/matmul-paths.ts`), yet the training step runs 6 % and 15 % longer with dW on
 * XNNPACK than with both here (two A/Bs, the rules alternating every three steps in one process). From 512³ (134 M) transpose + XNNPACK's packed, cache-blocked
 * kernel wins clearly (Xᵀ·dY 512³ 0.86×, 1024³ 0.66×; dY·Wᵀ 1024³ 0.88×).
 */
export const SIMD_SINGLE_THREAD_MAX_MULTIPLY_ADDS = 64 * 1024 * 1024;

/**
 * Whether one product (no batch) of at least FAST_PATH_MIN_MULTIPLY_ADDS should run on the
 * SIMD kernel rather than XNNPACK. On the threaded build, always: the kernel's helper threads
 * split every product (`simdHelpersFor`) while XNNPACK's pool is kept at one thread. On one
 * thread, transposed products up to SIMD_SINGLE_THREAD_MAX_MULTIPLY_ADDS; plain products stay
 * with XNNPACK there: the SIMD kernel was 1.01-1.12× faster alone on the GPT's forward shapes
 * (bias included) but level in the training step (A/B as above: 1.4 % slower, within noise).
 */
export function prefersSimdSingleMatMul(shapes: MatMulShapes, transposeA: boolean, transposeB: boolean): boolean {
  const multiplyAdds = shapes.m * shapes.k * shapes.n;
  if (shapes.outBatch !== 1 || multiplyAdds < FAST_PATH_MIN_MULTIPLY_ADDS) return false;
  if (threadedWasmThreads() !== null) return true;
  return (transposeA || transposeB) && multiplyAdds <= SIMD_SINGLE_THREAD_MAX_MULTIPLY_ADDS;
}

/**
 * A wasm BatchMatMul kernel that runs small batched products (attention's) on tfzoo's
 * WebAssembly SIMD kernel in place on the heap (see `simdBatchMatMul`), other transposed and
 * batched products through XNNPACK (see `fastWasmMatMul`), and hands everything else to the
 * backend's own kernel:
 * non-float32 operands (which it rejects with its own error), one non-transposed
 * matrix (already XNNPACK), and products too small to repay the setup.
 *
 * Every backward pass of a dense layer multiplies by transposes and attention multiplies
 * batches, both of which the original runs in a scalar loop at ~1 GFLOP/s.
 *
 * @param original the wasm backend's own BatchMatMul kernel config; its setup runs unchanged.
 */
export function createFastBatchMatMulConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const a = requireInput(args.inputs, 'a', 'BatchMatMul');
    const b = requireInput(args.inputs, 'b', 'BatchMatMul');
    const transposeA = args.attrs?.transposeA === true;
    const transposeB = args.attrs?.transposeB === true;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);
    const shapes = matMulShapes(a.shape, b.shape, transposeA, transposeB);
    const backend = asWasmBackend(args.backend, 'BatchMatMul');
    if (prefersSimdBatchMatMul(shapes) || prefersSimdSingleMatMul(shapes, transposeA, transposeB)) {
      // null where the SIMD kernel is unavailable (no wasm SIMD): XNNPACK then.
      const y = simdBatchMatMul(backend, a, b, transposeA, transposeB, shapes);
      if (y != null) return y;
    }
    if (shapes.k !== 0 && !prefersFastPath(shapes, transposeA, transposeB)) return original.kernelFunc(args);
    return fastWasmMatMul(backend, a, b, transposeA, transposeB, shapes, original.kernelFunc);
  };
  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
  };
}
