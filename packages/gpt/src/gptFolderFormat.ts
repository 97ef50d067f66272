import type { GPTConfig } from './GPTConfig';

/** Files of a saved GPT folder. */
export const GPT_FILES = {
  /** The index: format, version, config, metadata. Written last, so its presence marks a complete folder. */
  index: 'gpt.json',
  /** tfjs layers topology + weights manifest (weights in `weights.<id>.bin` beside it). */
  model: 'model.json',
  tokenizer: 'tokenizer.json',
} as const;

export const GPT_FORMAT = 'tfzoo-gpt';
export const GPT_FORMAT_VERSION = 1;

/** What `gpt.json` holds. */
export interface GPTFolderIndex {
  format: typeof GPT_FORMAT;
  version: typeof GPT_FORMAT_VERSION;
  /** The architecture; the model is rebuilt from it and the weights loaded by name. */
  config: GPTConfig;
  /** Number of weights, for people reading the file. */
  parameters: number;
  savedAt: string;
  /** Anything the caller attached when saving (training steps, validation loss, data). */
  metadata?: Record<string, unknown>;
}
