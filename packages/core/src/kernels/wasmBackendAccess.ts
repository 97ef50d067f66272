import * as tf from '@tensorflow/tfjs';
import { isWasmMemory, WasmMemory } from './webAssemblyApi';

/**
 * The few methods of tfjs-backend-wasm's `BackendWasm` that tfzoo's kernels use.
 * They are the ones the wasm backend's own kernels use (`makeOutput` allocates
 * on the wasm heap, `typedArrayFromHeap` views it, `disposeData` frees it), so
 * nothing here depends on how the backend's bundle is laid out.
 */
export interface WasmKernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  /** Adds a reference to a heap buffer, so a second tensor can share it (wasm's Reshape does this). */
  incRef(dataId: tf.DataId): void;
}

const REQUIRED_METHODS: readonly (keyof WasmKernelBackend)[] = ['makeOutput', 'typedArrayFromHeap', 'disposeData', 'incRef'];

/** Checks that a kernel's `backend` argument is the wasm backend these kernels were written against. */
export function asWasmBackend(backend: unknown, kernelName: string): WasmKernelBackend {
  const candidate = backend as Partial<Record<keyof WasmKernelBackend, unknown>> | null;
  for (const method of REQUIRED_METHODS) {
    if (candidate == null || typeof candidate[method] !== 'function') {
      throw new Error(
        `tfzoo wasm kernel ${kernelName}: the backend object has no ${method}() method; ` +
          `expected the BackendWasm of @tensorflow/tfjs-backend-wasm 4.x`,
      );
    }
  }
  return backend as WasmKernelBackend;
}

/**
 * A float32 view of a tensor's data on the wasm heap.
 * Take it after the last allocation: growing the heap detaches earlier views.
 */
export function heapFloat32(backend: WasmKernelBackend, info: tf.TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) {
    throw new Error(`tfzoo wasm kernels: expected a float32 tensor on the wasm heap, got ${info.dtype}`);
  }
  return view;
}

/** An int32 view of a tensor's data on the wasm heap (same caveat as `heapFloat32`). */
export function heapInt32(backend: WasmKernelBackend, info: tf.TensorInfo): Int32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Int32Array)) {
    throw new Error(`tfzoo wasm kernels: expected an int32 tensor on the wasm heap, got ${info.dtype}`);
  }
  return view;
}

/**
 * The same data under another shape (the wasm backend's own Reshape does this).
 * Kernels that receive it may incRef/disposeData it in pairs; the caller does not dispose it.
 */
export function reshapedView(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** A fresh heap buffer holding elements [start, start + size) of `source`, shaped `shape`. */
export function copyToNewBuffer(
  backend: WasmKernelBackend,
  source: tf.TensorInfo,
  start: number,
  shape: number[],
): tf.TensorInfo {
  const size = tf.util.sizeFromShape(shape);
  const copy = backend.makeOutput(shape, source.dtype);
  // Views taken after makeOutput, which may have grown the heap.
  const from = backend.typedArrayFromHeap(source);
  (backend.typedArrayFromHeap(copy) as Float32Array).set((from as Float32Array).subarray(start, start + size));
  return copy;
}

/** Runs another kernel registered for wasm, by name, on backend-level tensors. */
export function runWasmKernel(
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  backend: WasmKernelBackend,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel == null) {
    throw new Error(`tfzoo wasm kernels: no ${kernelName} kernel is registered for the wasm backend`);
  }
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(`tfzoo wasm kernels: expected one output from the wasm ${kernelName} kernel, got ${out.length}`);
  }
  return out;
}

/** A kernel's named input, or an error naming what is missing. */
export function requireInput(inputs: tf.NamedTensorInfoMap, name: string, kernelName: string): tf.TensorInfo {
  const input = inputs[name];
  if (input == null) throw new Error(`tfzoo wasm kernel ${kernelName}: expected an input named '${name}'`);
  return input;
}

/**
 * The wasm backend's linear memory (its heap), or null when it cannot be found. tfjs-backend-wasm
 * 4.x keeps it at `wasm.asm.memory` (single-threaded build) or `wasm.wasmMemory` (threaded build,
 * a shared memory). It is trusted only if it is the buffer the backend's own heap views use.
 */
export function wasmHeapMemory(backend: WasmKernelBackend, probe: tf.TensorInfo): WasmMemory | null {
  const module = (backend as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  if (!isWasmMemory(memory)) return null;
  return backend.typedArrayFromHeap(probe).buffer === memory.buffer ? memory : null;
}
