import * as tf from '@tensorflow/tfjs';

/** Backends whose tensors live in host memory, where a row copy in JS is cheaper than a GatherV2 kernel. */
const HOST_MEMORY_BACKENDS = new Set(['cpu', 'wasm']);

/**
 * Rows `rows` of `x` along its first axis, in that order (repeats allowed): tf.gather(x,
 * rows) along axis 0, for the decoder caches' reordering between beam-search steps.
 *
 * On the cpu and wasm backends the rows are copied on the host: each row is contiguous,
 * so the copy is one `TypedArray.set` per row, 5x (wasm) to 50x (cpu) faster than their
 * GatherV2 kernels, which compute an index per element. Other backends use tf.gather.
 * Returns a new tensor; `x` is not disposed.
 */
export function gatherRows<T extends tf.Tensor>(x: T, rows: ArrayLike<number>): T {
  if (!HOST_MEMORY_BACKENDS.has(tf.getBackend()) || x.dtype === 'string' || x.dtype === 'complex64') {
    return tf.tidy(() => tf.gather(x, tf.tensor1d(Array.from(rows), 'int32'))) as T;
  }
  const n = x.shape[0];
  const rowSize = x.size / Math.max(n, 1);
  const data = x.dataSync() as Float32Array | Int32Array | Uint8Array;
  const out = new (data.constructor as new (length: number) => typeof data)(rows.length * rowSize);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new Error(`gatherRows: expected row indices in [0, ${n}), got ${r} at ${i}`);
    out.set(data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
  return tf.tensor(out, [rows.length, ...x.shape.slice(1)], x.dtype) as T;
}
