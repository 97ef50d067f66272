import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash, randomBytes } from 'crypto';
import { syncDirectory, syncFile, writeFileAtomic } from '@tfzoo/core';
import type { EmbedderInfo, Passage, SimilarityMetric } from '../types';
import { checkPassage } from '../passageChecks';
import { checkEmbedderInfo } from './embedderInfoChecks';
import { VectorStoreError } from './VectorStoreError';

/**
 * A store folder:
 *
 *     store.json               the manifest: format, embedder, metric, count, and the names,
 *                              sizes and SHA-256 of the two data files below
 *     vectors.<id>.f32         the vectors, (count, dimension) float32 little-endian, row i ↔ passage i
 *     passages.<id>.jsonl      one passage per line, in the same order
 *
 * Each save writes data files under a fresh random `<id>`, flushes them, then
 * replaces `store.json` by rename: a crash at any point leaves the old manifest
 * naming the old, complete files. Files no manifest names are removed after the switch.
 */
export const VECTOR_STORE_FILES = {
  manifest: 'store.json',
} as const;

export const VECTOR_STORE_FORMAT = 'tfzoo-vector-store';
export const VECTOR_STORE_FORMAT_VERSION = 1;

/** One data file as the manifest names it. */
export interface StoreDataFile {
  /** File name inside the store folder. */
  file: string;
  bytes: number;
  /** Hex SHA-256 of the content, checked on open. */
  sha256: string;
}

/** What `store.json` holds. */
export interface VectorStoreManifest {
  format: typeof VECTOR_STORE_FORMAT;
  version: typeof VECTOR_STORE_FORMAT_VERSION;
  /** The vector space; `embedder.dimension` is the vector length. */
  embedder: EmbedderInfo;
  metric: SimilarityMetric;
  /** Number of passages (= vectors). */
  count: number;
  vectors: StoreDataFile & { dtype: 'float32'; byteOrder: 'little-endian' };
  passages: StoreDataFile;
  savedAt: string;
  /** Anything the caller attached (ingest options, corpus name). */
  metadata?: Record<string, unknown>;
}

/** The content of a store, as written and read. */
export interface StoreContent {
  embedder: EmbedderInfo;
  metric: SimilarityMetric;
  passages: readonly Passage[];
  /** (passages.length, embedder.dimension) row-major. */
  vectors: Float32Array;
  metadata?: Record<string, unknown>;
}

/** Points in a save where a test can simulate a crash by throwing from `onPhase`. */
export type StoreSavePhase = 'dataWritten' | 'manifestWritten';

const DATA_FILE = /^(?:vectors\.[0-9a-f]+\.f32|passages\.[0-9a-f]+\.jsonl)$/;
const TEMP_FILE = /\.tmp-\d+-[0-9a-f]+$/;

/** Writes `content` into `dir` (created if needed) as described at {@link VECTOR_STORE_FILES}. */
export async function writeStoreFiles(dir: string, content: StoreContent, onPhase?: (phase: StoreSavePhase) => void): Promise<void> {
  assertLittleEndian();
  const { embedder, passages, vectors } = content;
  if (vectors.length !== passages.length * embedder.dimension) {
    throw new Error(`expected ${passages.length} × ${embedder.dimension} vector values, got ${vectors.length}`);
  }
  await fs.promises.mkdir(dir, { recursive: true });

  const id = randomBytes(4).toString('hex');
  const vectorBytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const passageBytes = Buffer.from(passages.map((p) => JSON.stringify(p)).join('\n') + (passages.length > 0 ? '\n' : ''), 'utf8');
  const vectorsFile = await writeDataFile(dir, `vectors.${id}.f32`, vectorBytes);
  const passagesFile = await writeDataFile(dir, `passages.${id}.jsonl`, passageBytes);
  onPhase?.('dataWritten');

  const manifest: VectorStoreManifest = {
    format: VECTOR_STORE_FORMAT,
    version: VECTOR_STORE_FORMAT_VERSION,
    embedder: { kind: embedder.kind, dimension: embedder.dimension, fingerprint: embedder.fingerprint },
    metric: content.metric,
    count: passages.length,
    vectors: { ...vectorsFile, dtype: 'float32', byteOrder: 'little-endian' },
    passages: passagesFile,
    savedAt: new Date().toISOString(),
    ...(content.metadata ? { metadata: content.metadata } : {}),
  };
  const manifestFile = path.join(dir, VECTOR_STORE_FILES.manifest);
  await writeFileAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  await syncDirectory(dir);
  onPhase?.('manifestWritten');

  // The new manifest is live: data files it does not name (the previous save's,
  // or a crashed save's) and temp files are garbage. One writer per store is assumed.
  const live = new Set([vectorsFile.file, passagesFile.file]);
  for (const name of await fs.promises.readdir(dir)) {
    if ((DATA_FILE.test(name) && !live.has(name)) || TEMP_FILE.test(name)) {
      await fs.promises.rm(path.join(dir, name), { force: true });
    }
  }
}

async function writeDataFile(dir: string, name: string, bytes: Uint8Array): Promise<StoreDataFile> {
  const file = path.join(dir, name);
  await writeFileAtomic(file, bytes);
  await syncFile(file);
  return { file: name, bytes: bytes.byteLength, sha256: sha256(bytes) };
}

/** Options of {@link readStoreFiles}. */
export interface ReadStoreOptions {
  /** Check each data file's SHA-256 against the manifest. Default true (about 1 s per GB). */
  verifyChecksums?: boolean;
}

/** Whether `dir` holds a store manifest (it may still be corrupt). */
export function storeExists(dir: string): boolean {
  return fs.existsSync(path.join(dir, VECTOR_STORE_FILES.manifest));
}

/** Reads the manifest of the store at `dir`, checking its shape. */
export async function readStoreManifest(dir: string): Promise<VectorStoreManifest> {
  const file = path.join(dir, VECTOR_STORE_FILES.manifest);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new VectorStoreError('not-found', `no vector store at ${dir}: ${file} does not exist`);
    throw new VectorStoreError('corrupt', `cannot read ${file}: ${code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new VectorStoreError('corrupt', `${file} is not valid JSON (${(e as Error).message})`);
  }
  return checkManifest(parsed, file);
}

/** Reads and checks a whole store: manifest, vectors and passages. */
export async function readStoreFiles(dir: string, options: ReadStoreOptions = {}): Promise<StoreContent> {
  assertLittleEndian();
  const manifest = await readStoreManifest(dir);
  const verify = options.verifyChecksums ?? true;
  const { count, embedder } = manifest;

  const vectorBytes = await readDataFile(dir, manifest.vectors, 'vectors', verify);
  const expectedBytes = count * embedder.dimension * 4;
  if (vectorBytes.byteLength !== expectedBytes) {
    throw new VectorStoreError(
      'corrupt',
      `store at ${dir}: ${manifest.vectors.file} holds ${vectorBytes.byteLength} bytes, expected ${count} × ${embedder.dimension} float32 = ${expectedBytes} bytes`,
    );
  }
  // Copy into a fresh, 4-byte-aligned buffer: a Float32Array view needs the alignment.
  const vectors = new Float32Array(count * embedder.dimension);
  new Uint8Array(vectors.buffer).set(vectorBytes);

  const passageBytes = await readDataFile(dir, manifest.passages, 'passages', verify);
  const passages = parsePassages(passageBytes.toString('utf8'), path.join(dir, manifest.passages.file));
  if (passages.length !== count) {
    throw new VectorStoreError('corrupt', `store at ${dir}: ${manifest.passages.file} holds ${passages.length} passages, expected ${count} (store.json count)`);
  }
  return { embedder, metric: manifest.metric, passages, vectors, ...(manifest.metadata ? { metadata: manifest.metadata } : {}) };
}

async function readDataFile(dir: string, entry: StoreDataFile, what: string, verify: boolean): Promise<Buffer> {
  const file = path.join(dir, entry.file);
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? (e as Error).message})`;
    throw new VectorStoreError('corrupt', `store at ${dir}: the ${what} file ${entry.file} named by ${VECTOR_STORE_FILES.manifest} ${reason}`);
  }
  if (bytes.byteLength !== entry.bytes) {
    throw new VectorStoreError('corrupt', `store at ${dir}: ${entry.file} holds ${bytes.byteLength} bytes, expected ${entry.bytes} (${VECTOR_STORE_FILES.manifest})`);
  }
  if (verify && sha256(bytes) !== entry.sha256) {
    throw new VectorStoreError('corrupt', `store at ${dir}: ${entry.file} does not match its SHA-256 in ${VECTOR_STORE_FILES.manifest}; the file was altered or damaged`);
  }
  return bytes;
}

function parsePassages(text: string, file: string): Passage[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const seen = new Set<string>();
  return lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new VectorStoreError('corrupt', `${file}:${i + 1}: invalid JSON (${(e as Error).message})`);
    }
    try {
      checkPassage(value, `${file}:${i + 1}`);
    } catch (e) {
      throw new VectorStoreError('corrupt', (e as Error).message);
    }
    if (seen.has(value.id)) throw new VectorStoreError('corrupt', `${file}:${i + 1}: duplicate passage id ${JSON.stringify(value.id)}`);
    seen.add(value.id);
    return value;
  });
}

function checkManifest(value: unknown, file: string): VectorStoreManifest {
  const bad = (reason: string): never => {
    throw new VectorStoreError('corrupt', `${file} is not a vector store manifest: ${reason}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('expected a JSON object');
  const m = value as Partial<VectorStoreManifest>;
  if (m.format !== VECTOR_STORE_FORMAT) bad(`expected "format": "${VECTOR_STORE_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (m.version !== VECTOR_STORE_FORMAT_VERSION) {
    bad(`expected "version": ${VECTOR_STORE_FORMAT_VERSION}, got ${JSON.stringify(m.version)} (written by another version of @tfzoo/rag?)`);
  }
  try {
    checkEmbedderInfo(m.embedder, '"embedder"');
  } catch (e) {
    bad((e as Error).message);
  }
  if (m.metric !== 'cosine' && m.metric !== 'euclidean') bad(`expected "metric" to be "cosine" or "euclidean", got ${JSON.stringify(m.metric)}`);
  if (typeof m.count !== 'number' || !Number.isInteger(m.count) || m.count < 0) bad(`expected "count" to be an integer >= 0, got ${JSON.stringify(m.count)}`);
  for (const key of ['vectors', 'passages'] as const) {
    const entry = m[key] as Partial<StoreDataFile> | undefined;
    if (typeof entry !== 'object' || entry === null) bad(`expected "${key}" to be {file, bytes, sha256}, got ${JSON.stringify(entry)}`);
    else if (typeof entry.file !== 'string' || !DATA_FILE.test(entry.file)) bad(`expected "${key}.file" to name a data file, got ${JSON.stringify(entry.file)}`);
    else if (typeof entry.bytes !== 'number' || !Number.isInteger(entry.bytes) || entry.bytes < 0) bad(`expected "${key}.bytes" to be an integer >= 0, got ${JSON.stringify(entry.bytes)}`);
    else if (typeof entry.sha256 !== 'string') bad(`expected "${key}.sha256" to be a string, got ${JSON.stringify(entry.sha256)}`);
  }
  return m as VectorStoreManifest;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function assertLittleEndian(): void {
  // The vectors file is little-endian float32, the in-memory layout on every platform Node ships for today.
  if (os.endianness() !== 'LE') throw new Error('vector stores are little-endian float32; this big-endian host cannot read or write them');
}
