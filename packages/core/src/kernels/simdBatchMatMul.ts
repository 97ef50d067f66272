import * as tf from '@tensorflow/tfjs';
import { broadcastBatchIndices, MatMulShapes } from './matMulShapes';
import { simdMatMulFor, SimdMatMulExports } from './simdMatMulModule';
import { heapFloat32, WasmKernelBackend } from './wasmBackendAccess';
import { isWasmMemory, WasmMemory } from './webAssemblyApi';

/**
 * Largest product per output matrix (m·k·n) that `prefersSimdBatchMatMul` sends to the SIMD
 * kernel. XNNPACK pays per batched matrix for heap copies and an operator that packs b
 * (~20-45 µs), which this kernel does not; its own arithmetic is faster only for big matrices,
 * where this kernel's lack of cache blocking starts to tell. Measured on wasm SIMD, 1 thread,
 * medians on a busy shared 2-core machine, against `fastWasmMatMul` in the same process:
 * batches of attention's 64·32·64 run 5-11x faster here, 128³ 2-3x, 256³ 1.5x, 512³ 1.1x
 * (2 threads: 512³ 0.93x). The limit is 256³.
 */
export const SIMD_MAX_MULTIPLY_ADDS = 256 * 256 * 256;

/** Whether a float32 BatchMatMul of this geometry should run on `simdBatchMatMul`. */
export function prefersSimdBatchMatMul(shapes: MatMulShapes): boolean {
  return shapes.outBatch > 1 && shapes.m * shapes.k * shapes.n <= SIMD_MAX_MULTIPLY_ADDS;
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

/** The SIMD kernel on this backend's heap; null where there is none (no SIMD, unknown backend layout). */
function simdKernel(backend: WasmKernelBackend, probe: tf.TensorInfo): SimdMatMulExports | null {
  const memory = wasmHeapMemory(backend, probe);
  return memory == null ? null : simdMatMulFor(memory);
}

/**
 * float32 BatchMatMul computed in place on the wasm heap by tfzoo's WebAssembly SIMD kernel
 * (simdMatMulModule.ts): `out[o] = op(a[o]) · op(b[o])` with batch broadcasting, one call into
 * the kernel per output matrix and no copies. A transposed a is read through strides; a
 * transposed b is first transposed into a scratch buffer (k·n floats, once per distinct b matrix),
 * since the kernel streams b's rows.
 *
 * Runs on the calling thread only, also in a threaded wasm build (its memory is shared; the
 * kernel imports it as such).
 *
 * @returns a new heap tensor of shape `shapes.outShape` (the caller owns it), or null when the
 *   kernel is unavailable here: the caller then takes another path.
 */
export function simdBatchMatMul(
  backend: WasmKernelBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  shapes: MatMulShapes,
): tf.TensorInfo | null {
  const { m, k, n, outBatch, outShape } = shapes;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`simdBatchMatMul: expected float32 operands, got ${a.dtype} and ${b.dtype}`);
  }
  const out = backend.makeOutput(outShape, 'float32');
  if (outBatch * m * n === 0) return out;
  if (k === 0) {
    heapFloat32(backend, out).fill(0); // an empty sum
    return out;
  }
  const kernel = simdKernel(backend, out);
  if (kernel == null) {
    backend.disposeData(out.dataId);
    return null;
  }
  const scratch = transposeB ? backend.makeOutput([k * n], 'float32') : null;
  try {
    // Byte offsets, read after the last allocation (offsets survive heap growth; views do not).
    const aBase = heapFloat32(backend, a).byteOffset;
    const bBase = heapFloat32(backend, b).byteOffset;
    const outBase = heapFloat32(backend, out).byteOffset;
    const scratchBase = scratch == null ? 0 : heapFloat32(backend, scratch).byteOffset;
    const aIndex = broadcastBatchIndices(a.shape, outShape);
    const bIndex = broadcastBatchIndices(b.shape, outShape);
    // a is (m, k), or (k, m) when transposed: A[i][p] at i·rowStride + p·colStride.
    const aRowStride = 4 * (transposeA ? 1 : k);
    const aColStride = 4 * (transposeA ? m : 1);
    let transposedB = -1; // which b matrix the scratch holds
    for (let o = 0; o < outBatch; o++) {
      let bMatrix = bBase + 4 * bIndex[o] * k * n;
      if (scratch != null) {
        if (bIndex[o] !== transposedB) {
          kernel.transpose(bMatrix, scratchBase, n, k); // (n, k) -> (k, n)
          transposedB = bIndex[o];
        }
        bMatrix = scratchBase;
      }
      kernel.matMul(aBase + 4 * aIndex[o] * m * k, bMatrix, outBase + 4 * o * m * n, m, k, n, aRowStride, aColStride);
    }
  } catch (e) {
    backend.disposeData(out.dataId);
    throw e;
  } finally {
    if (scratch != null) backend.disposeData(scratch.dataId);
  }
  return out;
}
