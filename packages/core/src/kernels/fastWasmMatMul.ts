import * as tf from '@tensorflow/tfjs';
import { broadcastBatchIndices, MatMulShapes } from './matMulShapes';
import {
  copyToNewBuffer,
  heapFloat32,
  reshapedView,
  runWasmKernel,
  WasmKernelBackend,
} from './wasmBackendAccess';

/**
 * Below this many multiply-adds per output matrix (m·k·n) the wasm backend's own
 * kernel wins: its scalar loop has no per-call setup, while the fast path pays for
 * transposes, heap copies and an XNNPACK operator per matrix (which packs b), about
 * 40 µs per call and 10-20 µs per batched matrix. Measured on wasm SIMD, 1 thread:
 * the two break even between 24³ and 32³ (13 824 and 32 768 multiply-adds), both for
 * one transposed matrix and for batches of 8.
 */
export const FAST_PATH_MIN_MULTIPLY_ADDS = 16384;

/**
 * Whether `fastWasmMatMul` beats the wasm backend's own BatchMatMul for this call.
 * The original is already XNNPACK-fast for one non-transposed matrix; everything
 * else (transposes, batches) runs in its scalar loop at ~1 GFLOP/s.
 */
export function prefersFastPath(shapes: MatMulShapes, transposeA: boolean, transposeB: boolean): boolean {
  if (!transposeA && !transposeB && shapes.outBatch === 1) return false;
  return shapes.m * shapes.k * shapes.n >= FAST_PATH_MIN_MULTIPLY_ADDS;
}

/**
 * float32 BatchMatMul on the wasm backend that always reaches XNNPACK.
 *
 * The wasm BatchMatMul kernel uses XNNPACK (fully-connected operator) only for a single
 * non-transposed matrix; this runs every call in that form:
 * - transposed operands are materialised with the wasm Transpose kernel (O(size) copy);
 * - when b is one matrix shared by every batch, the batches fold into rows:
 *   (batch·m, k)·(k, n) is one call;
 * - otherwise each output matrix is one call on slices copied to their own heap buffers.
 *
 * XNNPACK caches its operator (with b packed) under b's tensor id until b is disposed,
 * so every b handed to `batchMatMul` is either the caller's own b (as the original kernel
 * would use it) or a fresh buffer disposed right after; no buffer is ever refilled.
 *
 * @param batchMatMul a wasm BatchMatMul kernel function (the backend's own, or tfzoo's, which
 *   hands it on): it is only asked for single non-transposed matrices, its XNNPACK case.
 * @returns a new heap tensor of shape `shapes.outShape`; the caller owns it.
 */
export function fastWasmMatMul(
  backend: WasmKernelBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  shapes: MatMulShapes,
  batchMatMul: tf.KernelFunc,
): tf.TensorInfo {
  const { m, k, n, aBatch, bBatch, outShape } = shapes;
  if (tf.util.sizeFromShape(outShape) === 0) return backend.makeOutput(outShape, 'float32');
  if (k === 0) {
    // An empty sum; XNNPACK rejects zero input channels.
    const zeros = backend.makeOutput(outShape, 'float32');
    heapFloat32(backend, zeros).fill(0);
    return zeros;
  }
  const temporaries: tf.TensorInfo[] = [];
  try {
    const a3 = transposeA
      ? transposeMatrices(backend, reshapedView(a, [aBatch, k, m]), temporaries) // (aBatch, m, k)
      : reshapedView(a, [aBatch, m, k]);
    const b3 = transposeB
      ? transposeMatrices(backend, reshapedView(b, [bBatch, n, k]), temporaries) // (bBatch, k, n)
      : reshapedView(b, [bBatch, k, n]);
    const multiply = (left: tf.TensorInfo, right: tf.TensorInfo): tf.TensorInfo =>
      single(batchMatMul({ inputs: { a: left, b: right }, backend, attrs: { transposeA: false, transposeB: false } }));

    if (bBatch === 1) {
      // One weight matrix for every batch: (aBatch·m, k)·(k, n) in one call.
      const y = multiply(reshapedView(a3, [1, aBatch * m, k]), reshapedView(b3, [1, k, n]));
      return reshapedView(y, outShape);
    }

    const out = backend.makeOutput(outShape, 'float32');
    try {
      const aIndex = broadcastBatchIndices(a.shape, outShape);
      const bIndex = broadcastBatchIndices(b.shape, outShape);
      const sharedA = aBatch === 1 ? reshapedView(a3, [1, m, k]) : null;
      for (let o = 0; o < shapes.outBatch; o++) {
        const aSlice = sharedA ?? copyToNewBuffer(backend, a3, aIndex[o] * m * k, [1, m, k]);
        // Always a fresh buffer: XNNPACK keys its packed-weights cache on b's id.
        const bSlice = copyToNewBuffer(backend, b3, bIndex[o] * k * n, [1, k, n]);
        let y: tf.TensorInfo;
        try {
          y = multiply(aSlice, bSlice);
        } finally {
          if (aSlice !== sharedA) backend.disposeData(aSlice.dataId);
          backend.disposeData(bSlice.dataId);
        }
        heapFloat32(backend, out).set(heapFloat32(backend, y), o * m * n);
        backend.disposeData(y.dataId);
      }
    } catch (e) {
      backend.disposeData(out.dataId);
      throw e;
    }
    return out;
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/**
 * (batch, r, c) -> a new (batch, c, r) buffer, recorded in `temporaries`.
 * When the permutation only moves size-1 dims, the wasm Transpose kernel delegates to
 * Identity, which copies in tfjs 4.22. Should it ever return its input's own buffer,
 * XNNPACK would see the caller's tensor id under another shape and reuse weights cached
 * for the old one; so such a result is copied into a buffer of its own.
 */
function transposeMatrices(
  backend: WasmKernelBackend,
  x: tf.TensorInfo,
  temporaries: tf.TensorInfo[],
): tf.TensorInfo {
  const [batch, r, c] = x.shape;
  const t = runWasmKernel('Transpose', { x }, backend, { perm: [0, 2, 1] });
  if (t.dataId !== x.dataId) {
    temporaries.push(t);
    return t;
  }
  backend.disposeData(t.dataId); // drop the reference the Transpose kernel added
  const copy = copyToNewBuffer(backend, x, 0, [batch, c, r]);
  temporaries.push(copy);
  return copy;
}

function single(out: tf.TensorInfo | tf.TensorInfo[]): tf.TensorInfo {
  if (Array.isArray(out)) {
    throw new Error(`tfzoo wasm kernels: expected one output from the wasm BatchMatMul kernel, got ${out.length}`);
  }
  return out;
}
