import * as fs from 'fs';
import * as path from 'path';
import { DataError, readJsonLines, readTextCorpus, type BadRowOptions } from '@tfzoo/data';
import type { Passage } from '../types';
import { chunkMarkdown } from './chunkMarkdown';
import { chunkText } from './chunkText';
import type { ChunkOptions } from './chunkWords';

/** How a file is read. */
export type DocumentFormat = 'text' | 'markdown' | 'jsonl';

/** Options of the ingest functions. */
export interface IngestOptions extends ChunkOptions {
  /** Read every file as this format. Default: from the extension (`.md`/`.markdown`, `.jsonl`/`.ndjson`, anything else text). */
  format?: DocumentFormat;
  /** Passage `source` for a single file or text. Default: the path as given (with `/` separators). */
  source?: string;
}

/** Options of {@link ingestJsonl}. */
export interface JsonlIngestOptions extends IngestOptions, BadRowOptions {
  /** The record field holding the passage text. Default `text`. */
  textField?: string;
  /** The record field holding a stable id (string or number), kept as the passage id. Default `id`; `null` numbers records `<source>#<line index>`. */
  idField?: string | null;
  /** The record field holding a title, if any. Default `title` (used when present). */
  titleField?: string;
  /**
   * Split records longer than `maxTokens` into `<id>#0`, `<id>#1`... Default false:
   * one passage per record, as datasets (SQuAD) define their passages and score retrieval by their ids.
   */
  chunkRecords?: boolean;
}

/** Passages of plain text: chunks `chunkText` cuts, ids `<source>#<position>`. */
export function ingestText(text: string, source: string, options: ChunkOptions = {}): Passage[] {
  return chunkText(normalizeNewlines(text), options).map((chunk, position) => ({ id: `${source}#${position}`, text: chunk.text, source, position }));
}

/** Passages of Markdown: chunks `chunkMarkdown` cuts, titled by their heading trail, ids `<source>#<position>`. */
export function ingestMarkdown(markdown: string, source: string, options: ChunkOptions = {}): Passage[] {
  return chunkMarkdown(normalizeNewlines(markdown), options).map((chunk, position) => ({
    id: `${source}#${position}`,
    text: chunk.text,
    source,
    position,
    ...(chunk.title !== undefined ? { title: chunk.title } : {}),
  }));
}

/**
 * Passages from a JSON Lines file, one per record (in file order, `position` = index),
 * keeping the dataset's ids, e.g. the SQuAD-derived `passages.jsonl`
 * (`{"id": "Super_Bowl_50#11", "title": "Super Bowl 50", "text": "..."}`).
 * A record without the text field, with a non-string text, or an id seen before
 * is an error naming the file and line.
 */
export function ingestJsonl(file: string, options: JsonlIngestOptions = {}): Passage[] {
  const source = options.source ?? toPosix(file);
  const textField = options.textField ?? 'text';
  const idField = options.idField === undefined ? 'id' : options.idField;
  const titleField = options.titleField ?? 'title';
  const records = readJsonLines(file, options);
  const out: Passage[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    // readJsonLines skips blank lines, so records are numbered, not lines.
    const where = { file };
    const at = `record ${index + 1}: `;
    const text = record[textField];
    if (typeof text !== 'string') throw new DataError(`${at}expected field "${textField}" to be a string, got ${JSON.stringify(text) ?? 'nothing'}`, where);
    let id: string;
    if (idField === null) id = `${source}#${index}`;
    else {
      const raw = record[idField];
      if (typeof raw !== 'string' && typeof raw !== 'number') throw new DataError(`${at}expected field "${idField}" to be a string or number id, got ${JSON.stringify(raw) ?? 'nothing'}`, where);
      id = String(raw);
    }
    const first = seen.get(id);
    if (first !== undefined) throw new DataError(`${at}duplicate id ${JSON.stringify(id)} (first on record ${first})`, where);
    seen.set(id, index + 1);
    const title = record[titleField];
    const titled = typeof title === 'string' && title.length > 0 ? { title } : {};
    if (options.chunkRecords) {
      const chunks = chunkText(text, options);
      if (chunks.length > 1) {
        chunks.forEach((chunk, i) => out.push({ id: `${id}#${i}`, text: chunk.text, source, position: out.length, ...titled }));
        return;
      }
    }
    out.push({ id, text, source, position: out.length, ...titled });
  });
  return out;
}

/** Passages of one file, read as `options.format` or by its extension. */
export function ingestFile(file: string, options: JsonlIngestOptions = {}): Passage[] {
  const format = options.format ?? formatOf(file);
  if (format === 'jsonl') return ingestJsonl(file, options);
  const source = options.source ?? toPosix(file);
  const text = readTextCorpus(file);
  return format === 'markdown' ? ingestMarkdown(text, source, options) : ingestText(text, source, options);
}

/** Extensions a folder walk picks up; other files are skipped (named files are read whatever their extension). */
export const DOCUMENT_EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/**
 * Passages of files and folders: a folder is walked recursively (sorted, skipping
 * hidden entries, `node_modules` and empty files) for the extensions in
 * {@link DOCUMENT_EXTENSIONS}. Each file's source is its path as reached from the
 * arguments. A passage id seen twice (the same file named twice) is an error.
 */
export function ingestPaths(paths: readonly string[], options: Omit<JsonlIngestOptions, 'source'> = {}): Passage[] {
  const out: Passage[] = [];
  const seen = new Set<string>();
  for (const file of documentFiles(paths)) {
    for (const passage of ingestFile(file, options)) {
      if (seen.has(passage.id)) throw new DataError(`passage id ${JSON.stringify(passage.id)} occurs twice (is the file listed twice?)`, { file });
      seen.add(passage.id);
      out.push(passage);
    }
  }
  return out;
}

/** The files `ingestPaths` reads, in order. */
export function documentFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new DataError(`no such file or folder (resolved to ${path.resolve(p)})`, { file: p });
    }
    if (stat.isDirectory()) walk(p, files);
    else files.push(p);
  }
  return files;
}

function walk(dir: string, files: string[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (entry.isFile() && DOCUMENT_EXTENSIONS[path.extname(entry.name).toLowerCase()] && fs.statSync(full).size > 0) files.push(full);
  }
}

/** The format a file's extension implies; text for anything unknown. */
export function formatOf(file: string): DocumentFormat {
  return DOCUMENT_EXTENSIONS[path.extname(file).toLowerCase()] ?? 'text';
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
