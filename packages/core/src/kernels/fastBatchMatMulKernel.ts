import * as tf from '@tensorflow/tfjs';
import { fastWasmMatMul, prefersFastPath } from './fastWasmMatMul';
import { matMulShapes } from './matMulShapes';
import { asWasmBackend, requireInput } from './wasmBackendAccess';

/**
 * A wasm BatchMatMul kernel that runs transposed and batched products through XNNPACK
 * (see `fastWasmMatMul`) and hands everything else to the backend's own kernel:
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
    if (shapes.k !== 0 && !prefersFastPath(shapes, transposeA, transposeB)) return original.kernelFunc(args);
    const backend = asWasmBackend(args.backend, 'BatchMatMul');
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
