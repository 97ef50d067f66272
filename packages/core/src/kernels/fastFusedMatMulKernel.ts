import * as tf from '@tensorflow/tfjs';
import { fastWasmMatMul, prefersFastPath } from './fastWasmMatMul';
import { prefersSimdSingleMatMul } from './fastBatchMatMulKernel';
import { matMulShapes } from './matMulShapes';
import { simdBatchMatMul } from './simdBatchMatMul';
import { asWasmBackend, requireInput, runWasmKernel, WasmKernelBackend } from './wasmBackendAccess';

/**
 * A wasm `_FusedMatMul` kernel (matMul + bias + activation, what `tf.fused.matMul` runs)
 * with the same fast path as `createFastBatchMatMulConfig` for transposed and batched
 * operands; the bias add and the activation then run as the wasm Add and activation
 * kernels. One product without activation goes where `prefersSimdSingleMatMul` says (on the
 * threaded build, tfzoo's SIMD kernel split across its helper threads, with the bias as the
 * accumulators' start); otherwise one non-transposed matrix (tf.layers.dense's forward pass)
 * stays with the backend's own kernel, which fuses them into XNNPACK.
 *
 * Also fixes, for the calls it takes over, the original's scalar-loop path, which adds
 * bias[n - 1] instead of bias[j] to every row after the first.
 *
 * @param original the wasm backend's own _FusedMatMul kernel config; its setup runs unchanged.
 */
export function createFastFusedMatMulConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const a = requireInput(args.inputs, 'a', '_FusedMatMul');
    const b = requireInput(args.inputs, 'b', '_FusedMatMul');
    const { bias, preluActivationWeights } = args.inputs;
    const attrs = args.attrs ?? {};
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    const activation = (attrs.activation ?? 'linear') as string;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);
    // The original accepts only a rank-1 bias; leave its error to it.
    if (bias != null && bias.shape.length !== 1) return original.kernelFunc(args);
    const applyActivation = ACTIVATION_KERNELS.get(activation);
    if (applyActivation == null) return original.kernelFunc(args);
    if (activation === 'prelu' && preluActivationWeights == null) return original.kernelFunc(args);
    const shapes = matMulShapes(a.shape, b.shape, transposeA, transposeB);
    const backend = asWasmBackend(args.backend, '_FusedMatMul');
    if (activation === 'linear' && (bias == null || (bias.dtype === 'float32' && bias.shape[0] === shapes.n)) && prefersSimdSingleMatMul(shapes, transposeA, transposeB)) {
      // The bias is the accumulators' start; null where the SIMD kernel is unavailable.
      const y = simdBatchMatMul(backend, a, b, transposeA, transposeB, shapes, bias);
      if (y != null) return y;
    }
    if (shapes.k !== 0 && !prefersFastPath(shapes, transposeA, transposeB)) return original.kernelFunc(args);

    const batchMatMul = tf.getKernel('BatchMatMul', 'wasm');
    if (batchMatMul == null) throw new Error('tfzoo wasm kernel _FusedMatMul: no BatchMatMul kernel is registered for wasm');
    // The registered BatchMatMul may be tfzoo's own; its fast path never recurses here,
    // since fastWasmMatMul only asks it for single non-transposed matrices.
    let y = fastWasmMatMul(backend, a, b, transposeA, transposeB, shapes, batchMatMul.kernelFunc);
    try {
      if (bias != null) y = replacing(backend, y, runWasmKernel('Add', { a: y, b: bias }, backend));
      const leakyreluAlpha = typeof attrs.leakyreluAlpha === 'number' ? attrs.leakyreluAlpha : 0.2;
      return replacing(backend, y, applyActivation(backend, y, preluActivationWeights, leakyreluAlpha));
    } catch (e) {
      backend.disposeData(y.dataId);
      throw e;
    }
  };
  return {
    kernelName: '_FusedMatMul',
    backendName: 'wasm',
    kernelFunc,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
  };
}

type ApplyActivation = (
  backend: WasmKernelBackend,
  x: tf.TensorInfo,
  preluWeights: tf.TensorInfo | undefined,
  leakyreluAlpha: number,
) => tf.TensorInfo;

/** The activations the wasm _FusedMatMul supports, as the wasm kernels that compute them alone. */
const ACTIVATION_KERNELS = new Map<string, ApplyActivation>([
  ['linear', (_backend, x) => x],
  ['relu', (backend, x) => runWasmKernel('Relu', { x }, backend)],
  ['relu6', (backend, x) => runWasmKernel('Relu6', { x }, backend)],
  ['elu', (backend, x) => runWasmKernel('Elu', { x }, backend)],
  ['sigmoid', (backend, x) => runWasmKernel('Sigmoid', { x }, backend)],
  ['leakyrelu', (backend, x, _weights, alpha) => runWasmKernel('LeakyRelu', { x }, backend, { alpha })],
  ['prelu', (backend, x, weights) => runWasmKernel('Prelu', { x, alpha: weights }, backend)],
]);

/** Returns `next`, disposing `previous` unless it is the same buffer. */
function replacing(backend: WasmKernelBackend, previous: tf.TensorInfo, next: tf.TensorInfo): tf.TensorInfo {
  if (next.dataId !== previous.dataId) backend.disposeData(previous.dataId);
  return next;
}
