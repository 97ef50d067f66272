import type { Tokenizer } from './Tokenizer';

/**
 * Throws unless every id is an integer in [0, vocabSize), naming the first bad
 * one: `expected token ids in [0, 65), got 70 at position 12`. Use it where ids
 * come from outside (files, user input, another tokenizer) before they reach an
 * embedding lookup, which would otherwise fail far from the cause or, on some
 * backends, silently read zeros. `context` is appended to the message to say
 * where the ids came from (`in line 17`).
 */
export function validateIds(ids: ArrayLike<number>, vocabSize: number, context = ''): void {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`expected vocabSize to be a positive integer, got ${vocabSize}`);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new Error(`expected token ids in [0, ${vocabSize}), got ${id} at position ${i}${context ? ` ${context}` : ''}`);
    }
  }
}

/**
 * Throws unless `tokenizer.vocabSize === expectedVocabSize`, naming both sizes
 * and what expected it, e.g.
 * `tokenizer vocabulary has 300 ids (bpe), but model 'gpt-mini' expects 65`.
 * Check this when pairing a saved tokenizer with a model: a mismatch would
 * otherwise show up as out-of-range ids or a model that silently emits garbage.
 *
 * @param what Who expects the size, for the message (e.g. `model 'gpt-mini'`).
 */
export function assertVocabMatches(tokenizer: Tokenizer, expectedVocabSize: number, what: string): void {
  if (tokenizer.vocabSize !== expectedVocabSize) {
    throw new Error(
      `tokenizer vocabulary has ${tokenizer.vocabSize} ids (${tokenizer.kind}), ` +
        `but ${what} expects ${expectedVocabSize}`,
    );
  }
}
