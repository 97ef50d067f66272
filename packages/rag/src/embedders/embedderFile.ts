import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '@tfzoo/core';
import type { EmbedderInfo } from '../types';

/**
 * Every saved embedder is a folder holding `embedder.json`: what kind of embedder it is,
 * its `EmbedderInfo` (so a vector store can check it without loading any weights), the
 * settings that rebuild it, and free-form metadata (e.g. how it was trained). A BERT
 * encoder folder also holds the classifier files `loadBertClassifier` reads.
 */
export const EMBEDDER_FILE = 'embedder.json';

/** The `format` tag of `embedder.json`. */
export const EMBEDDER_FORMAT = 'tfzoo-rag-embedder';
const VERSION = 1;

/** What `embedder.json` holds. */
export interface EmbedderRecord {
  format: typeof EMBEDDER_FORMAT;
  version: typeof VERSION;
  /** The saved embedder's info, fingerprint included. */
  info: EmbedderInfo;
  /** Kind-specific settings that rebuild the embedder (e.g. a hashing embedder's options). */
  settings: Record<string, unknown>;
  /** Anything else worth keeping (training steps, loss, source data). */
  metadata?: Record<string, unknown>;
}

/** Writes `embedder.json` into `dir` (created if needed), atomically. */
export async function writeEmbedderRecord(dir: string, record: Omit<EmbedderRecord, 'format' | 'version'>): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  const full: EmbedderRecord = { format: EMBEDDER_FORMAT, version: VERSION, ...record };
  await writeFileAtomic(path.join(dir, EMBEDDER_FILE), JSON.stringify(full, null, 1) + '\n');
}

/** Reads and checks `dir/embedder.json`; null when the folder has none. */
export function readEmbedderRecord(dir: string): EmbedderRecord | null {
  const file = path.join(dir, EMBEDDER_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  let record: Partial<EmbedderRecord> | null;
  try {
    record = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (record === null || typeof record !== 'object' || record.format !== EMBEDDER_FORMAT) {
    throw new Error(`${file} does not describe an embedder: expected format '${EMBEDDER_FORMAT}', got ${JSON.stringify(record?.format)}`);
  }
  if (record.version !== VERSION) throw new Error(`${file}: expected version ${VERSION}, got ${JSON.stringify(record.version)}`);
  const info = record.info;
  if (info === null || typeof info !== 'object' || typeof info.kind !== 'string' || !Number.isInteger(info.dimension) || typeof info.fingerprint !== 'string') {
    throw new Error(`${file}: expected info {kind, dimension, fingerprint}, got ${JSON.stringify(info)}`);
  }
  if (record.settings === null || typeof record.settings !== 'object') throw new Error(`${file}: expected a settings object, got ${JSON.stringify(record.settings)}`);
  return record as EmbedderRecord;
}
