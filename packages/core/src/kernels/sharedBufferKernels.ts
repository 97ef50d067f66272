import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, requireInput } from './wasmBackendAccess';

/**
 * A wasm `Identity` kernel that shares its input's heap buffer (one more reference, as
 * wasm's own Reshape does) instead of copying it.
 *
 * While a gradient tape records, tfjs's engine clones every input an op saves for its
 * backward pass (`saveTensorsForBackwardMode` → `clone` → Identity), and wasm's Identity
 * copies: about 430 copies per training step of a small GPT, 5 % of the step. Sharing is
 * safe because no wasm kernel writes into its inputs (Reshape already shares buffers), and
 * XNNPACK's operator cache, keyed by a buffer's id, then sees the same id with the same data.
 * Strings are not on the heap; they go to the original kernel.
 */
export function createSharedIdentityConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = requireInput(args.inputs, 'x', 'Identity');
    if (x.dtype === 'string') return original.kernelFunc(args);
    asWasmBackend(args.backend, 'Identity').incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: 'Identity', backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}

/**
 * A wasm `Cast` kernel that shares the buffer when the dtype does not change (tfjs's
 * gradients cast float32 to float32 routinely, e.g. in Mul's); real conversions go to the
 * original kernel.
 */
export function createSharedCastConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = requireInput(args.inputs, 'x', 'Cast');
    if (x.dtype === 'string' || args.attrs?.dtype !== x.dtype) return original.kernelFunc(args);
    asWasmBackend(args.backend, 'Cast').incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: 'Cast', backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}
