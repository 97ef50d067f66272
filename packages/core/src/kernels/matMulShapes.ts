import * as tf from '@tensorflow/tfjs';

/**
 * The geometry of a BatchMatMul: `out[..., m, n] = sum_k a[..., m, k] * b[..., k, n]`
 * after the optional transposes, with NumPy broadcasting over the leading (batch) dims.
 */
export interface MatMulShapes {
  /** Rows of the (transposed) left operand. */
  m: number;
  /** The contracted dimension. */
  k: number;
  /** Columns of the (transposed) right operand. */
  n: number;
  /** Product of a's batch dims (1 for a rank-2 a). */
  aBatch: number;
  /** Product of b's batch dims. */
  bBatch: number;
  /** Product of the broadcast batch dims: how many (m, n) matrices the output holds. */
  outBatch: number;
  /** The output shape: broadcast batch dims, then [m, n]. */
  outShape: number[];
}

/** Validates a BatchMatMul's operand shapes and returns its geometry. */
export function matMulShapes(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulShapes {
  if (aShape.length < 2 || bShape.length < 2) {
    throw new Error(`matMul: expected operands of rank >= 2, got shapes [${aShape}] and [${bShape}]`);
  }
  const aRank = aShape.length;
  const bRank = bShape.length;
  const m = transposeA ? aShape[aRank - 1] : aShape[aRank - 2];
  const kA = transposeA ? aShape[aRank - 2] : aShape[aRank - 1];
  const kB = transposeB ? bShape[bRank - 1] : bShape[bRank - 2];
  const n = transposeB ? bShape[bRank - 2] : bShape[bRank - 1];
  if (kA !== kB) {
    throw new Error(
      `matMul: inner dimensions must match, got ${kA} and ${kB} ` +
        `(shapes [${aShape}] and [${bShape}], transposeA=${transposeA}, transposeB=${transposeB})`,
    );
  }
  const aBatchShape = aShape.slice(0, -2);
  const bBatchShape = bShape.slice(0, -2);
  const outBatchShape = tf.broadcast_util.assertAndGetBroadcastShape(aBatchShape, bBatchShape);
  return {
    m,
    k: kA,
    n,
    aBatch: tf.util.sizeFromShape(aBatchShape),
    bBatch: tf.util.sizeFromShape(bBatchShape),
    outBatch: tf.util.sizeFromShape(outBatchShape),
    outShape: [...outBatchShape, m, n],
  };
}

/**
 * For each output matrix (in row-major order over the broadcast batch dims), the index
 * of the operand's matrix it reads. A batch dim of size 1 is read at index 0 for every
 * output index along it; missing leading dims count as size 1.
 */
export function broadcastBatchIndices(operandShape: readonly number[], outShape: readonly number[]): Int32Array {
  const outBatchShape = outShape.slice(0, -2);
  const batchShape = operandShape.slice(0, -2);
  const rank = outBatchShape.length;
  const padded = [...new Array<number>(rank - batchShape.length).fill(1), ...batchShape];
  // Row-major strides of the operand's own batch dims; 0 where it is broadcast.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = padded[d] === 1 ? 0 : stride;
    stride *= padded[d];
  }
  const total = tf.util.sizeFromShape(outBatchShape);
  const indices = new Int32Array(total);
  for (let o = 0; o < total; o++) {
    let rest = o;
    let index = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const coord = rest % outBatchShape[d];
      rest = (rest - coord) / outBatchShape[d];
      index += coord * strides[d];
    }
    indices[o] = index;
  }
  return indices;
}
