import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, heapFloat32, heapInt32, requireInput, WasmKernelBackend } from './wasmBackendAccess';

/**
 * UnsortedSegmentSum for the wasm backend, which has none in tfjs 4.22. It is the
 * gradient of `tf.gather` along axis 0, so without it no embedding can train on wasm.
 *
 * A direct scatter-add, O(x.size): `out[segmentIds[i], ...] += x[i, ...]`.
 * (The cpu backend's version is O(numSegments · x.size): one masked sum per segment.)
 *
 * Contract (TensorFlow's):
 * - `x`: float32 or int32, rank >= 1; the output has x's dtype.
 * - `segmentIds`: int32 whose shape is a prefix of x's shape; `tf.unsortedSegmentSum`
 *   documents (and the gather gradient passes) a rank-1 `[x.shape[0]]`.
 * - output shape: `[numSegments, ...x.shape.slice(segmentIds.rank)]`; a segment no id
 *   names is zeros.
 * - ids outside `[0, numSegments)` are dropped, as TensorFlow drops negative ids (and
 *   as tfjs's cpu kernel drops every out-of-range id).
 *
 * For rank >= 2 segmentIds this follows TensorFlow; tfjs's cpu kernel instead sums over
 * axis 0 only, keeping the other id dims in its output.
 */
export function unsortedSegmentSumWasm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const x = requireInput(args.inputs, 'x', 'UnsortedSegmentSum');
  const segmentIds = requireInput(args.inputs, 'segmentIds', 'UnsortedSegmentSum');
  const numSegments = args.attrs?.numSegments;
  if (typeof numSegments !== 'number' || !Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`unsortedSegmentSum: expected numSegments to be an integer >= 0, got ${String(numSegments)}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`unsortedSegmentSum: expected x of dtype float32 or int32, got ${x.dtype}`);
  }
  if (segmentIds.dtype !== 'int32') {
    throw new Error(`unsortedSegmentSum: expected segmentIds of dtype int32, got ${segmentIds.dtype}`);
  }
  const idRank = segmentIds.shape.length;
  const idsArePrefix = idRank <= x.shape.length && segmentIds.shape.every((d, i) => d === x.shape[i]);
  if (x.shape.length === 0 || !idsArePrefix) {
    throw new Error(
      `unsortedSegmentSum: expected segmentIds of shape [${x.shape.slice(0, Math.max(idRank, 1))}] ` +
        `(a prefix of x's shape [${x.shape}]), got [${segmentIds.shape}]`,
    );
  }
  const backend = asWasmBackend(args.backend, 'UnsortedSegmentSum');
  const innerShape = x.shape.slice(idRank);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  // Views only after makeOutput, which may have grown (and detached) the heap.
  scatterAdd(
    heapOf(backend, x),
    heapInt32(backend, segmentIds),
    heapOf(backend, out),
    tf.util.sizeFromShape(innerShape),
    numSegments,
  );
  return out;
}

/** `out` = 0, then `out[ids[i] * width + j] += values[i * width + j]` for in-range ids. */
function scatterAdd(
  values: Float32Array | Int32Array,
  ids: Int32Array,
  out: Float32Array | Int32Array,
  width: number,
  numSegments: number,
): void {
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * width;
    const to = segment * width;
    for (let j = 0; j < width; j++) out[to + j] += values[from + j];
  }
}

function heapOf(backend: WasmKernelBackend, info: tf.TensorInfo): Float32Array | Int32Array {
  return info.dtype === 'int32' ? heapInt32(backend, info) : heapFloat32(backend, info);
}

/** The kernel config registered for `UnsortedSegmentSum` on wasm. */
export const unsortedSegmentSumWasmConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm,
};
