import { makeClassificationBatch, type IntMatrix } from '@tfzoo/data';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';

/**
 * The model input for token sequences (no special tokens): each row is
 * `<cls> tokens <sep>`, cut to `maxLength` by dropping tokens from the end (the special
 * tokens stay), and right-padded with PAD = 0 to the longest row. (B, L), L ≤ maxLength.
 */
export function bertInputIds(sequences: readonly ArrayLike<number>[], maxLength: number): IntMatrix {
  return makeClassificationBatch(sequences, new Array<number>(sequences.length).fill(0), {
    maxLength,
    startId: SPECIAL_TOKENS.CLS,
    endId: SPECIAL_TOKENS.SEP,
  }).inputIds;
}

/** The number of tokens `bertInputIds` gives a sequence of `length` tokens. */
export function bertInputLength(length: number, maxLength: number): number {
  return Math.min(length + 2, maxLength);
}
