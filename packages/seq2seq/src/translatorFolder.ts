import type { TokenizerJSON } from '@tfzoo/tokenizers';

/** Files of a saved Translator folder (beside the model's `seq2seq.json` and weights). */
export const TRANSLATOR_FILES = {
  /** The index: format tag and which tokenizer files there are. Written last, so its presence marks a complete folder. */
  index: 'translator.json',
  /** The tokenizer of a translator whose languages share one. */
  sharedTokenizer: 'tokenizer.json',
  sourceTokenizer: 'source-tokenizer.json',
  targetTokenizer: 'target-tokenizer.json',
} as const;

export const TRANSLATOR_FORMAT = 'tfzoo-translator';
export const TRANSLATOR_FORMAT_VERSION = 1;

/** What `translator.json` holds. */
export interface TranslatorIndex {
  format: typeof TRANSLATOR_FORMAT;
  version: typeof TRANSLATOR_FORMAT_VERSION;
  /** The tokenizer files, relative to the folder: one shared, or one per side. */
  tokenizers: { shared: string } | { source: string; target: string };
  savedAt: string;
}

/** The `kind` of {@link TranslatorTokenizersJSON}. */
export const TRANSLATOR_TOKENIZERS_KIND = 'translator-tokenizers';

/** Both tokenizers of a translator as one JSON record (what training checkpoints store as their tokenizer). */
export interface TranslatorTokenizersJSON {
  kind: typeof TRANSLATOR_TOKENIZERS_KIND;
  /** The source tokenizer's JSON. */
  source: TokenizerJSON;
  /** The target tokenizer's JSON, or null when the source tokenizer serves both sides. */
  target: TokenizerJSON | null;
}
