import type { Tokenizer } from '@tfzoo/tokenizers';

/**
 * A `countTokens` for the chunkers that counts a model's tokens: the chunk limit
 * then matches the encoder's sequence length. Words are encoded one at a time,
 * so for a subword tokenizer the count can differ slightly from encoding the
 * chunk whole (pieces that would merge across a space); leave a few tokens of margin.
 */
export function tokenCounter(tokenizer: Pick<Tokenizer, 'encode'>): (word: string) => number {
  return (word) => tokenizer.encode(word).length;
}
