import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './DataError';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a whole UTF-8 file (a leading byte-order mark is dropped). Missing,
 * unreadable, non-UTF-8 and empty (or whitespace-only) files throw a
 * {@link DataError} that names the path, so a typo in a path is one clear line.
 */
export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new DataError(describeFsError(e, file), { file });
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DataError('is not valid UTF-8 text (convert it to UTF-8 first)', { file });
  }
  if (text.trim().length === 0) {
    throw new DataError(bytes.length === 0 ? 'file is empty' : `file has only whitespace (${bytes.length} bytes)`, { file });
  }
  return text;
}

function describeFsError(e: unknown, file: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `no such file (resolved to ${path.resolve(file)})`;
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read file: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Splits text into lines on `\n` only, dropping a `\r` before it (CRLF files).
 * Deliberately not a Unicode line-break split: real corpora hold U+0085 and
 * U+2028 inside sentences, and those are text, not row ends. A final newline
 * does not produce an extra empty line.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** `csv`, `tsv` or `jsonl` from a file name's extension; undefined for anything else. */
export function formatFromExtension(file: string): 'csv' | 'tsv' | 'jsonl' | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}
