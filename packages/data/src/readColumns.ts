import type { BadRowCollector, BadRowOptions } from './badRows';
import { DataError } from './DataError';
import { parseCsv } from './parseCsv';
import { parseTsv } from './parseTsv';
import { describeJsonType, isJsonObject, parseJsonLines } from './readJsonLines';
import { formatFromExtension, readTextFile } from './readTextFile';

/** A column by header name (or JSONL key), or by 0-based index (CSV/TSV only). */
export type ColumnRef = string | number;

/** File formats the table readers understand. */
export type TableFormat = 'tsv' | 'csv' | 'jsonl';

/** How to read a table file; shared by `readLabelledText` and `readSentencePairs`. */
export interface TableOptions extends BadRowOptions {
  /** `tsv` (split on TAB, no quoting), `csv` (RFC 4180 quoting) or `jsonl`. Default: from the extension. */
  format?: TableFormat;
  /**
   * Whether the first CSV/TSV row names the columns. Default: true when any
   * column is given by name, false when all are given by index. Ignored for JSONL.
   */
  header?: boolean;
  /** CSV only: the field separator. Default `,`. */
  delimiter?: string;
}

/** One data row: the raw value of each requested column. */
export interface ColumnRow<K extends string> {
  line: number;
  values: Record<K, unknown>;
}

/** `column "text"` or `column 2`, for messages. */
export function describeColumn(ref: ColumnRef): string {
  return typeof ref === 'number' ? `column ${ref}` : `column "${ref}"`;
}

/**
 * Reads a CSV, TSV or JSONL file and picks the named columns out of each row.
 * Whole-file problems (unknown format, missing header name, index out of range)
 * throw; row problems (wrong column count, bad JSON, missing key) go to `badRows`.
 */
export function readColumns<K extends string>(
  file: string,
  columns: Record<K, ColumnRef>,
  options: TableOptions,
  badRows: BadRowCollector,
): ColumnRow<K>[] {
  const format = options.format ?? formatFromExtension(file);
  if (format === undefined) {
    throw new DataError(`cannot tell the format from the file name; pass format: 'tsv', 'csv' or 'jsonl'`, { file });
  }
  if (format !== 'tsv' && format !== 'csv' && format !== 'jsonl') {
    throw new Error(`expected format 'tsv', 'csv' or 'jsonl', got ${JSON.stringify(format)}`);
  }
  const keys = Object.keys(columns) as K[];
  for (const k of keys) checkColumnRef(columns[k], format);
  const text = readTextFile(file);
  return format === 'jsonl' ? pickJsonColumns(text, columns, keys, badRows) : pickTableColumns(text, file, format, columns, keys, options, badRows);
}

function checkColumnRef(ref: ColumnRef, format: TableFormat): void {
  if (typeof ref === 'string') {
    if (ref.length === 0) throw new Error('expected a non-empty column name, got ""');
    return;
  }
  if (format === 'jsonl') throw new Error(`JSONL rows are objects: name columns by key, got index ${ref}`);
  if (!Number.isInteger(ref) || ref < 0) throw new Error(`expected a column index >= 0, got ${ref}`);
}

function pickJsonColumns<K extends string>(
  text: string,
  columns: Record<K, ColumnRef>,
  keys: K[],
  badRows: BadRowCollector,
): ColumnRow<K>[] {
  const rows: ColumnRow<K>[] = [];
  nextLine: for (const { line, value } of parseJsonLines(text, badRows)) {
    if (!isJsonObject(value)) {
      badRows.reject(line, `expected a JSON object, got ${describeJsonType(value)}`);
      continue;
    }
    const values = {} as Record<K, unknown>;
    for (const k of keys) {
      const name = columns[k] as string;
      if (!(name in value)) {
        badRows.reject(line, `missing field "${name}"`);
        continue nextLine;
      }
      values[k] = value[name];
    }
    rows.push({ line, values });
  }
  return rows;
}

function pickTableColumns<K extends string>(
  text: string,
  file: string,
  format: 'csv' | 'tsv',
  columns: Record<K, ColumnRef>,
  keys: K[],
  options: TableOptions,
  badRows: BadRowCollector,
): ColumnRow<K>[] {
  const records = format === 'csv' ? parseCsv(text, { delimiter: options.delimiter, file }) : parseTsv(text);
  const hasHeader = options.header ?? keys.some((k) => typeof columns[k] === 'string');
  let first = 0;
  let expected: number;
  const index = {} as Record<K, number>;
  if (hasHeader) {
    const header = records[0];
    if (header === undefined) throw new DataError('expected a header row, the file has no rows', { file });
    if (header.error !== undefined) throw new DataError(`bad header row: ${header.error}`, { file, line: header.line });
    const names = header.fields.map((f) => f.trim());
    expected = names.length;
    for (const k of keys) {
      const ref = columns[k];
      if (typeof ref === 'string') {
        const at = names.indexOf(ref);
        if (at < 0) {
          throw new DataError(`no column named "${ref}"; the header has ${names.map((h) => JSON.stringify(h)).join(', ')}`, {
            file,
            line: header.line,
          });
        }
        index[k] = at;
      } else {
        index[k] = ref as number;
      }
    }
    first = 1;
  } else {
    const named = keys.find((k) => typeof columns[k] === 'string');
    if (named !== undefined) {
      throw new DataError(`${describeColumn(columns[named])} is a name, but header is false; give a column index`, { file });
    }
    for (const k of keys) index[k] = columns[k] as number;
    // Without a header the first well-formed row sets the column count.
    const firstGood = records.find((r) => r.error === undefined);
    expected = firstGood?.fields.length ?? 0;
  }
  if (records.length <= first) throw new DataError(hasHeader ? 'has a header row but no data rows' : 'no data rows', { file });
  for (const k of keys) {
    if (index[k] >= expected) {
      const line = records[first].line;
      throw new DataError(`${describeColumn(columns[k])} is out of range: rows have ${expected} columns`, { file, line });
    }
  }
  const rows: ColumnRow<K>[] = [];
  for (let r = first; r < records.length; r++) {
    const record = records[r];
    if (record.error !== undefined) {
      badRows.reject(record.line, record.error);
      continue;
    }
    if (record.fields.length !== expected) {
      badRows.reject(record.line, `expected ${expected} columns, got ${record.fields.length}`);
      continue;
    }
    const values = {} as Record<K, unknown>;
    for (const k of keys) values[k] = record.fields[index[k]];
    rows.push({ line: record.line, values });
  }
  return rows;
}
