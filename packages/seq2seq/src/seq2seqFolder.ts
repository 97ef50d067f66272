import * as fs from 'fs';
import * as path from 'path';
import { readWeights, replaceDirectory, writeTensorFile } from '@tfzoo/train';
import { checkSeq2SeqConfig, Seq2SeqConfig } from './Seq2SeqConfig';
import type { Seq2SeqTransformer } from './Seq2SeqTransformer';

/** Files of a saved Seq2SeqTransformer folder. */
export const SEQ2SEQ_FILES = {
  /** The index: format tag, version, config, metadata. Written last, so its presence marks a complete model. */
  index: 'seq2seq.json',
  /** Stem of the weights (`weights.json` manifest + `weights.bin` values, @tfzoo/train's tensor file). */
  weights: 'weights',
} as const;

export const SEQ2SEQ_FORMAT = 'tfzoo-seq2seq';
export const SEQ2SEQ_FORMAT_VERSION = 1;

/** What `seq2seq.json` holds. */
export interface Seq2SeqFolderIndex {
  format: typeof SEQ2SEQ_FORMAT;
  version: typeof SEQ2SEQ_FORMAT_VERSION;
  /** The architecture; the model is rebuilt from it and the weights assigned by name. */
  config: Seq2SeqConfig;
  /** Number of weights, for people reading the file. */
  parameters: number;
  savedAt: string;
  /** Anything the caller attached when saving (steps trained, validation loss, BLEU, data). */
  metadata?: Record<string, unknown>;
}

/** Options of `Seq2SeqTransformer.save`. */
export interface SaveSeq2SeqOptions {
  /** JSON stored in `seq2seq.json` under `metadata`. */
  metadata?: Record<string, unknown>;
}

/**
 * Saves a model as one folder, replaced atomically (a crash leaves the previous copy or
 * the new one, never a mix):
 *
 *     seq2seq.json        format "tfzoo-seq2seq", version, Seq2SeqConfig, parameter count, metadata
 *     weights.json/.bin   every weight by its layer-scoped name (@tfzoo/train's tensor file)
 */
export async function saveSeq2SeqTransformer(model: Seq2SeqTransformer, dir: string, options: SaveSeq2SeqOptions = {}): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  await replaceDirectory(dir, (staging) => writeSeq2SeqFiles(model, staging, options));
}

/** Writes the model's files into an existing folder (the caller makes the folder's replacement atomic). */
export async function writeSeq2SeqFiles(model: Seq2SeqTransformer, dir: string, options: SaveSeq2SeqOptions = {}): Promise<void> {
  await writeTensorFile(dir, SEQ2SEQ_FILES.weights, await readWeights(model.variables()));
  const { architecture: _tag, ...config } = model.config();
  const index: Seq2SeqFolderIndex = {
    format: SEQ2SEQ_FORMAT,
    version: SEQ2SEQ_FORMAT_VERSION,
    config,
    parameters: model.countParams(),
    savedAt: new Date().toISOString(),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  };
  await fs.promises.writeFile(path.join(dir, SEQ2SEQ_FILES.index), JSON.stringify(index, null, 2) + '\n');
}

/** The `seq2seq.json` of a saved model folder (config, parameter count, metadata), checked. */
export async function readSeq2SeqIndex(dir: string): Promise<Seq2SeqFolderIndex> {
  const file = path.join(dir, SEQ2SEQ_FILES.index);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no Seq2SeqTransformer at '${dir}': ${file} does not exist` : `cannot read ${file}: ${(e as Error).message}`);
  }
  const index = parsed as Partial<Seq2SeqFolderIndex> | null;
  if (index === null || typeof index !== 'object' || index.format !== SEQ2SEQ_FORMAT) {
    throw new Error(`${file} is not a tfzoo Seq2SeqTransformer index: expected "format": "${SEQ2SEQ_FORMAT}", got ${JSON.stringify(index?.format)}`);
  }
  if (index.version !== SEQ2SEQ_FORMAT_VERSION) {
    throw new Error(`${file} has format version ${JSON.stringify(index.version)}; this @tfzoo/seq2seq reads version ${SEQ2SEQ_FORMAT_VERSION}`);
  }
  return { ...index, config: checkSeq2SeqConfig(index.config, file) } as Seq2SeqFolderIndex;
}
