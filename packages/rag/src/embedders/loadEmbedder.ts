import * as fs from 'fs';
import * as path from 'path';
import { BERT_CLASSIFIER_FILES } from '@tfzoo/bert';
import type { Embedder } from '../types';
import { BertEmbedder } from './BertEmbedder';
import { EMBEDDER_FILE, readEmbedderRecord } from './embedderFile';
import { HashingEmbedder } from './HashingEmbedder';

/**
 * Loads any embedder saved by this package from its folder, choosing the class by
 * `embedder.json`'s kind (`hashing`, `bert-encoder`); a BERT classifier folder without
 * `embedder.json` loads as a `BertEmbedder`. For a CLI that takes `--embedder <dir>`.
 */
export async function loadEmbedder(dir: string): Promise<Embedder> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`no embedder at '${dir}': expected a folder saved by an embedder's save()`);
  const record = readEmbedderRecord(dir);
  if (record === null) {
    if (fs.existsSync(path.join(dir, BERT_CLASSIFIER_FILES.config))) return BertEmbedder.load(dir);
    throw new Error(`no embedder at '${dir}': expected ${EMBEDDER_FILE} (or a BERT classifier's ${BERT_CLASSIFIER_FILES.config})`);
  }
  switch (record.info.kind) {
    case HashingEmbedder.kind:
      return HashingEmbedder.load(dir);
    case BertEmbedder.kind:
      return BertEmbedder.load(dir);
    default:
      throw new Error(`'${dir}' holds a '${record.info.kind}' embedder; this package loads '${HashingEmbedder.kind}' and '${BertEmbedder.kind}'`);
  }
}
