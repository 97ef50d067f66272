import * as fs from 'fs';
import * as path from 'path';
import { fileSystem } from '@tfzoo/core';
import { saveTokenizer } from '@tfzoo/tokenizers';
import { replaceDirectory } from '@tfzoo/train';
import type { GPT } from './GPT';
import { GPT_FILES, GPT_FORMAT, GPT_FORMAT_VERSION, GPTFolderIndex } from './gptFolderFormat';

/** Options of {@link saveGPT}. */
export interface SaveGPTOptions {
  /** JSON stored in `gpt.json` under `metadata` (e.g. steps trained, validation loss). */
  metadata?: Record<string, unknown>;
}

/**
 * Saves a GPT and its tokenizer as one folder, replaced atomically (a crash leaves the
 * previous copy or the new one, never a mix):
 *
 *     gpt.json            format, version, GPTConfig, parameter count, metadata
 *     model.json          tfjs layers topology and weights manifest
 *     weights.<id>.bin    the weights (tfjs format, via @tfzoo/core's fileSystem handler)
 *     tokenizer.json      the tokenizer
 *
 * `loadGPT(dir)` reads it back; `tf.loadLayersModel('file://dir/model.json')` also works
 * (after importing @tfzoo/gpt, which registers its layers).
 */
export async function saveGPT(gpt: GPT, dir: string, options: SaveGPTOptions = {}): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  await replaceDirectory(dir, async (staging) => {
    await gpt.model.save(fileSystem(staging));
    await saveTokenizer(path.join(staging, GPT_FILES.tokenizer), gpt.tokenizer);
    const index: GPTFolderIndex = {
      format: GPT_FORMAT,
      version: GPT_FORMAT_VERSION,
      config: gpt.config,
      parameters: gpt.countParams(),
      savedAt: new Date().toISOString(),
      ...(options.metadata ? { metadata: options.metadata } : {}),
    };
    await fs.promises.writeFile(path.join(staging, GPT_FILES.index), JSON.stringify(index, null, 2) + '\n');
  });
}
