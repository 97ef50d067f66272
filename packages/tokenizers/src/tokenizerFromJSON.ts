import { Tokenizer, TokenizerJSON } from './Tokenizer';
import { BpeTokenizer } from './BpeTokenizer';
import { CharTokenizer } from './CharTokenizer';
import { WordTokenizer } from './WordTokenizer';

const FROM_JSON: Record<string, (json: TokenizerJSON) => Tokenizer> = {
  char: (json) => CharTokenizer.fromJSON(json),
  word: (json) => WordTokenizer.fromJSON(json),
  bpe: (json) => BpeTokenizer.fromJSON(json),
};

/** The tokenizer kinds `tokenizerFromJSON` knows. */
export const TOKENIZER_KINDS: readonly string[] = Object.keys(FROM_JSON);

/**
 * Rebuilds a tokenizer from `toJSON()` output, choosing the class by `kind`.
 * Throws, naming the problem, on anything that is not such an object, on an
 * unknown kind, and on a vocabulary that does not match its declared vocabSize.
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`expected tokenizer JSON to be an object with a kind, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const { kind, vocabSize } = json as Record<string, unknown>;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(FROM_JSON, kind)) {
    throw new Error(`unknown tokenizer kind ${JSON.stringify(kind)}: expected one of ${TOKENIZER_KINDS.join(', ')}`);
  }
  if (!Number.isInteger(vocabSize)) {
    throw new Error(`expected tokenizer JSON to have an integer vocabSize, got ${JSON.stringify(vocabSize)}`);
  }
  return FROM_JSON[kind](json as TokenizerJSON);
}
