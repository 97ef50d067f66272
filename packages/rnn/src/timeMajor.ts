import * as tf from '@tensorflow/tfjs';
import type { IntMatrix } from '@tfzoo/data';

/**
 * A batch-major (B, T) matrix as a time-major int32 vector (T·B): element t·B + b is
 * row b, column t. Recurrent layers read sequences time-major; transposing here, on the
 * typed array, costs nothing on the backend.
 */
export function timeMajorIds(m: IntMatrix): tf.Tensor1D {
  return tf.tensor1d(transposeIntMatrix(m), 'int32');
}

/** The transposed values of a (B, T) matrix, row-major (T, B). */
export function transposeIntMatrix(m: IntMatrix): Int32Array {
  const [B, T] = m.shape;
  if (m.data.length !== B * T) throw new Error(`expected ${B * T} values for a [${B}, ${T}] matrix, got ${m.data.length}`);
  const out = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[t * B + b] = m.data[b * T + t];
  return out;
}
