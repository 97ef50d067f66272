import { BpeTokenizer, WordTokenizer, type Tokenizer } from '@tfzoo/tokenizers';

/** Options of {@link trainClassifierTokenizer}. */
export interface ClassifierTokenizerOptions {
  /** `'word'`: lower-cased words and punctuation (default); `'bpe'`: byte-level BPE, no unknown tokens. */
  kind?: 'word' | 'bpe';
  /** Vocabulary cap for words, exact size for BPE (≥ 263), special tokens included. Default 8000. */
  vocabSize?: number;
  /** Rarest word (or BPE pair) kept. Default 2. */
  minFrequency?: number;
}

/**
 * A tokenizer for a classifier trained from scratch on a small corpus. Lower-cased words
 * with a frequency floor suit sentence classification on a few thousand examples (each
 * word gets an embedding the data can actually train); BPE suits noisy text such as mail.
 */
export function trainClassifierTokenizer(texts: readonly string[], options: ClassifierTokenizerOptions = {}): Tokenizer {
  const kind = options.kind ?? 'word';
  const vocabSize = options.vocabSize ?? 8000;
  const minFrequency = options.minFrequency ?? 2;
  if (kind === 'bpe') return BpeTokenizer.train([...texts], { vocabSize, minFrequency });
  if (kind === 'word') return WordTokenizer.fromTexts([...texts], { lowercase: true, maxVocabSize: vocabSize, minFrequency });
  throw new Error(`expected tokenizer kind 'word' or 'bpe', got ${JSON.stringify(kind)}`);
}
