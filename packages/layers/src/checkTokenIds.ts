import * as tf from '@tensorflow/tfjs';

/**
 * Throws unless every id is an integer in [0, vocabSize), naming the first bad id and its
 * position. Reads the ids to the host (B·T numbers; on cpu, wasm and tfjs-node they are
 * already there), which is cheap next to the forward pass that follows.
 */
export function checkTokenIds(ids: tf.Tensor, vocabSize: number, label: string): void {
  const values = ids.dataSync();
  const length = ids.shape[ids.rank - 1] ?? 1;
  for (let i = 0; i < values.length; i++) {
    const id = values[i];
    if (!(Number.isInteger(id) && id >= 0 && id < vocabSize)) {
      const where = ids.rank === 2 ? `[${Math.floor(i / length)}, ${i % length}]` : `${i}`;
      throw new Error(`${label}: expected token ids in [0, ${vocabSize}), got ${id} at position ${where}`);
    }
  }
}
