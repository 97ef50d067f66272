/**
 * Throws unless every id is an integer in [0, vocabSize): an out-of-range id
 * would otherwise surface much later as a silent NaN or a gather error deep in
 * a model. `context` says where the ids came from, for the message.
 */
export function checkTokenIds(ids: ArrayLike<number>, vocabSize: number, context = ''): void {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`expected vocabSize to be a positive integer, got ${vocabSize}`);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < vocabSize && Number.isInteger(id))) {
      throw new Error(`expected token ids in [0, ${vocabSize}), got ${id} at position ${i}${context ? ` ${context}` : ''}`);
    }
  }
}
