/**
 * A (rows, cols) matrix of int32 in row-major order: token ids or 0/1 masks.
 * This package does not depend on tfjs; a model turns a batch into a tensor
 * with no copy of the logic and one copy of the data:
 *
 *     const x = tf.tensor2d(batch.x.data, batch.x.shape, 'int32'); // (B, T)
 *
 * Element (r, c) is `data[r * shape[1] + c]`.
 */
export interface IntMatrix {
  data: Int32Array;
  shape: [number, number];
}

/**
 * One label per example: class ids as int32 (for sparse categorical
 * cross-entropy) or float32 values (binary targets, regression):
 *
 *     const y = tf.tensor1d(batch.labels.data, batch.labels.data instanceof Int32Array ? 'int32' : 'float32');
 */
export interface LabelVector {
  data: Int32Array | Float32Array;
  shape: [number];
}

/** A zero-filled (rows, cols) matrix; zero is PAD for ids and "ignore" for masks. */
export function createIntMatrix(rows: number, cols: number): IntMatrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new Error(`expected a matrix shape of non-negative integers, got [${rows}, ${cols}]`);
  }
  return { data: new Int32Array(rows * cols), shape: [rows, cols] };
}

/** Row `r` of a matrix as a view into its data (writes go through). */
export function matrixRow(m: IntMatrix, r: number): Int32Array {
  const [rows, cols] = m.shape;
  if (!Number.isInteger(r) || r < 0 || r >= rows) throw new Error(`expected a row in [0, ${rows}), got ${r}`);
  return m.data.subarray(r * cols, (r + 1) * cols);
}

/** The matrix as nested arrays, for tests and debugging output. */
export function matrixToArrays(m: IntMatrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.shape[0]; r++) out.push(Array.from(matrixRow(m, r)));
  return out;
}
