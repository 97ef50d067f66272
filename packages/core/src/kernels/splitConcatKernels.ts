import * as tf from '@tensorflow/tfjs';
import { rowCopyFor, RowCopyExports } from './rowCopyModule';
import { asWasmBackend, requireInput, WasmKernelBackend, wasmHeapMemory } from './wasmBackendAccess';

/**
 * wasm `SplitV` and `Concat` kernels that move each output's (or input's) slab of rows with one
 * `memory.copy` per row (rowCopyModule.ts) instead of wasm's JavaScript `subarray` + `set` per
 * row. A split along `axis` of x (outer, size, inner) — outer = the product of the dims before
 * the axis, inner of those after — is, for each part, `outer` rows of `part·inner` elements.
 * Concat is the same copy in the other direction. String tensors, and engines where the module
 * cannot run, go to the original kernels.
 */

/** The row-copy module on this backend's heap, or null. */
function rowCopy(backend: WasmKernelBackend, probe: tf.TensorInfo): RowCopyExports | null {
  const memory = wasmHeapMemory(backend, probe);
  return memory == null ? null : rowCopyFor(memory);
}

/** (product of dims before axis, product of dims after axis). */
function outerInner(shape: readonly number[], axis: number): [number, number] {
  return [tf.util.sizeFromShape(shape.slice(0, axis)), tf.util.sizeFromShape(shape.slice(axis + 1))];
}

/** @param original the wasm backend's own SplitV kernel config. */
export function createFastSplitVConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = requireInput(args.inputs, 'x', 'SplitV');
    if (x.dtype === 'string') return original.kernelFunc(args);
    const backend = asWasmBackend(args.backend, 'SplitV');
    const copy = rowCopy(backend, x);
    if (copy == null) return original.kernelFunc(args);
    const attrs = args.attrs as unknown as tf.SplitVAttrs;
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
    // Validates the sizes (one -1 at most, summing to the axis) with tfjs's own messages.
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits, axis);
    const outputs = sizes.map((size) => backend.makeOutput(x.shape.map((d, i) => (i === axis ? size : d)), x.dtype));
    if (tf.util.sizeFromShape(x.shape) === 0) return outputs;
    const [outer, inner] = outerInner(x.shape, axis);
    const bytes = tf.util.bytesPerElement(x.dtype);
    // Offsets after the last allocation (they survive heap growth; views do not).
    const xBase = backend.typedArrayFromHeap(x).byteOffset;
    let begin = 0;
    for (let i = 0; i < sizes.length; i++) {
      const rowBytes = sizes[i] * inner * bytes;
      if (rowBytes > 0) {
        const out = backend.typedArrayFromHeap(outputs[i]).byteOffset;
        copy.copyRows(xBase + begin * inner * bytes, x.shape[axis] * inner * bytes, out, rowBytes, rowBytes, outer);
      }
      begin += sizes[i];
    }
    return outputs;
  };
  return { kernelName: 'SplitV', backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}

/** @param original the wasm backend's own Concat kernel config. */
export function createFastConcatConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    if (inputs.length === 0 || inputs.some((t) => t.dtype === 'string' || t.dtype !== inputs[0].dtype)) return original.kernelFunc(args);
    const backend = asWasmBackend(args.backend, 'Concat');
    const copy = rowCopy(backend, inputs[0]);
    if (copy == null) return original.kernelFunc(args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.ConcatAttrs).axis, inputs[0].shape)[0];
    // Checks ranks and the other dims, with tfjs's own messages.
    const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, inputs[0].dtype);
    if (tf.util.sizeFromShape(outShape) === 0) return out;
    const [outer, inner] = outerInner(outShape, axis);
    const bytes = tf.util.bytesPerElement(out.dtype);
    const outBase = backend.typedArrayFromHeap(out).byteOffset;
    const outRowBytes = outShape[axis] * inner * bytes;
    let begin = 0;
    for (const input of inputs) {
      const size = input.shape.length === 0 ? 0 : input.shape[axis];
      const rowBytes = size * inner * bytes;
      if (rowBytes > 0) {
        copy.copyRows(backend.typedArrayFromHeap(input).byteOffset, rowBytes, outBase + begin * inner * bytes, outRowBytes, rowBytes, outer);
      }
      begin += size;
    }
    return out;
  };
  return { kernelName: 'Concat', backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}
