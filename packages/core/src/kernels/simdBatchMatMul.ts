import * as tf from '@tensorflow/tfjs';
import { broadcastBatchIndices, MatMulShapes } from './matMulShapes';
import { simdMatMulFor } from './simdMatMulModule';
import { heapFloat32, WasmKernelBackend, wasmHeapMemory } from './wasmBackendAccess';
import { HELPER_MATMUL, HELPER_MATMUL_BATCH, helperThreadsNow, runOnHelpers } from './simdHelpers';

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

/** Products of fewer multiply-adds run on the calling thread alone: a helper's round trip costs ~10-30 µs. */
export const PARALLEL_MIN_MULTIPLY_ADDS = 64 * 64 * 64;

/** The byte stride between an operand's matrices when its batch indices are 0, 1, 2, … or all 0; else null. */
function uniformStride(indices: Int32Array, matrixBytes: number): number | null {
  if (indices.every((v, o) => v === o)) return matrixBytes;
  if (indices.every((v) => v === 0)) return 0;
  return null;
}

/**
 * float32 BatchMatMul computed in place on the wasm heap by tfzoo's WebAssembly SIMD kernel
 * (simdMatMulModule.ts): `out[o] = op(a[o]) · op(b[o])` with batch broadcasting and no copies.
 * A transposed a is read through strides; a transposed b is first transposed into a scratch
 * buffer (k·n floats), since the kernel streams b's rows. `bias` (rank 1, n floats), when given,
 * is added to every row of a single product (the dense layer's forward pass).
 *
 * On the threaded wasm build, the helper threads of `simdHelpersFor` take shares: batches are
 * split by matrix, a single product by rows of the output.
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
  bias?: tf.TensorInfo,
): tf.TensorInfo | null {
  const { m, k, n, outBatch, outShape } = shapes;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`simdBatchMatMul: expected float32 operands, got ${a.dtype} and ${b.dtype}`);
  }
  if (bias != null && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n || outBatch !== 1)) {
    throw new Error(`simdBatchMatMul: expected a float32 bias of shape [${n}] for one product, got ${bias.dtype} [${bias.shape}]`);
  }
  const memory = wasmHeapMemory(backend, a);
  const kernel = memory == null ? null : simdMatMulFor(memory);
  if (memory == null || kernel == null) return null;
  const out = backend.makeOutput(outShape, 'float32');
  if (outBatch * m * n === 0) return out;
  if (k === 0) {
    const values = heapFloat32(backend, out);
    if (bias == null) values.fill(0); // an empty sum
    else for (let i = 0; i < m; i++) values.set(heapFloat32(backend, bias), i * n);
    return out;
  }
  const threads = outBatch * m * k * n >= PARALLEL_MIN_MULTIPLY_ADDS ? helperThreadsNow(memory) : 1;
  const aIndex = broadcastBatchIndices(a.shape, outShape);
  const bIndex = broadcastBatchIndices(b.shape, outShape);
  const aStride = uniformStride(aIndex, 4 * m * k);
  const bStride = uniformStride(bIndex, 4 * k * n);
  const batchPath = outBatch > 1 && aStride !== null && bStride !== null;
  // One scratch matrix per thread for a transposed b (only the batch path transposes per thread).
  const scratchMatrices = !transposeB ? 0 : batchPath ? threads : 1;
  const scratch = scratchMatrices > 0 ? backend.makeOutput([scratchMatrices * k * n], 'float32') : null;
  try {
    // Byte offsets, read after the last allocation (offsets survive heap growth; views do not).
    const aBase = heapFloat32(backend, a).byteOffset;
    const bBase = heapFloat32(backend, b).byteOffset;
    const outBase = heapFloat32(backend, out).byteOffset;
    const biasBase = bias == null ? 0 : heapFloat32(backend, bias).byteOffset;
    const scratchBase = scratch == null ? 0 : heapFloat32(backend, scratch).byteOffset;
    // a is (m, k), or (k, m) when transposed: A[i][p] at i·rowStride + p·colStride.
    const aRowStride = 4 * (transposeA ? 1 : k);
    const aColStride = 4 * (transposeA ? m : 1);
    if (batchPath) {
      // Whole matrices per thread; each thread transposes its b matrices into its own scratch.
      const batchArgs = (from: number, to: number, thread: number) => [
        aBase + from * aStride!, bBase + from * bStride!, outBase + from * 4 * m * n, to - from,
        aStride!, bStride!, 4 * m * n, m, k, n, aRowStride, aColStride,
        scratch == null ? 0 : scratchBase + thread * 4 * k * n,
      ] as const;
      const split = { total: outBatch, align: 1, maxThreads: threads };
      runOnHelpers(memory, split, HELPER_MATMUL_BATCH, batchArgs, (from, to, thread) => kernel.matMulBatch(...batchArgs(from, to, thread)));
    } else if (outBatch === 1) {
      let bMatrix = bBase;
      if (scratch != null) {
        kernel.transpose(bBase, scratchBase, n, k); // (n, k) -> (k, n), shared by every thread
        bMatrix = scratchBase;
      }
      // Rows of the output per thread, in multiples of the micro-kernel's 4.
      const rowArgs = (from: number, to: number) => [
        aBase + from * aRowStride, bMatrix, outBase + from * 4 * n, to - from, k, n, aRowStride, aColStride, biasBase,
      ] as const;
      const split = { total: m, align: 4, maxThreads: m >= 8 ? threads : 1 };
      runOnHelpers(memory, split, HELPER_MATMUL, rowArgs, (from, to) => kernel.matMul(...rowArgs(from, to)));
    } else {
      // Irregular broadcasting (e.g. [2, 1] against [1, 3] batches): one matrix at a time.
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
        kernel.matMul(aBase + 4 * aIndex[o] * m * k, bMatrix, outBase + 4 * o * m * n, m, k, n, aRowStride, aColStride, 0);
      }
    }
  } catch (e) {
    backend.disposeData(out.dataId);
    throw e;
  } finally {
    if (scratch != null) backend.disposeData(scratch.dataId);
  }
  return out;
}
