import * as tf from '@tensorflow/tfjs';
import { FAST_PATH_MIN_MULTIPLY_ADDS, fastWasmMatMul, prefersFastPath } from './fastWasmMatMul';
import { matMulShapes, type MatMulShapes } from './matMulShapes';
import { prefersSimdBatchMatMul, simdBatchMatMul } from './simdBatchMatMul';
import { asWasmBackend, requireInput } from './wasmBackendAccess';
import { threadedWasmThreads } from '../threadedWasm';

/**
 * One matrix times a transposed one, (m, k)·(n, k)ᵀ: every dense layer's input gradient
 * dX = dY·Wᵀ and a tied output head. On one wasm thread the SIMD kernel beats
 * transpose + XNNPACK here (1.1-1.45× in one process, A/B, `.rag-exp`-style probe of the
 * GPT's shapes), since it skips packing a fresh operator per call; with a transposed a
 * (dW = Xᵀ·dY) it reads columns and loses (0.76-0.96×), and with XNNPACK's thread pool
 * (threaded build) XNNPACK splits the work and wins, so those stay on XNNPACK.
 */
function prefersSimdSingleMatMul(shapes: MatMulShapes, transposeA: boolean, transposeB: boolean): boolean {
  return shapes.outBatch === 1 && transposeB && !transposeA && threadedWasmThreads() === null && shapes.m * shapes.k * shapes.n >= FAST_PATH_MIN_MULTIPLY_ADDS;
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
