import { DataError } from './DataError';

/** One record of a delimited file, with the line it starts on. */
export interface DelimitedRecord {
  /** 1-based line where the record starts (a quoted field may run over several lines). */
  line: number;
  /** The fields, unquoted. */
  fields: string[];
  /** Set when the record is malformed but the parser could resynchronise at the next line. */
  error?: string;
}

/** Options for {@link parseCsv}. */
export interface CsvParseOptions {
  /** Field separator, one character. Default `,`. */
  delimiter?: string;
  /** File name used in error messages. */
  file?: string;
}

const QUOTE = 0x22; // "
const LF = 0x0a;
const CR = 0x0d;

/**
 * Parses CSV as RFC 4180 describes it: records end at LF or CRLF; a field
 * wrapped in double quotes may hold the delimiter, newlines and quotes written
 * twice (`""`). Two relaxations that match what real files contain: a quote
 * inside an unquoted field is kept literally (`5" screen`), and empty lines are
 * skipped rather than read as one-empty-field records.
 *
 * Text after a closing quote (`"abc"x,`) makes that record malformed: it comes
 * back with `error` set and parsing resumes on the next line. A quote that is
 * never closed swallows the rest of the file, so it throws a `DataError` at the
 * line where the field opened.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): DelimitedRecord[] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`expected a one-character delimiter other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  }
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const records: DelimitedRecord[] = [];
  let i = 0;
  let line = 1;

  // Consumes an LF or CRLF at i if there is one; returns whether it did.
  const takeNewline = (): boolean => {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i += 1;
    } else if (c === CR && text.charCodeAt(i + 1) === LF) {
      i += 2;
    } else {
      return false;
    }
    line += 1;
    return true;
  };

  while (i < n) {
    if (takeNewline()) continue; // empty line
    const record: DelimitedRecord = { line, fields: [] };
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const openedAt = line;
        let value = '';
        i += 1;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) {
            throw new DataError('unterminated quoted field: no closing quote before the end of the file', {
              file: options.file,
              line: openedAt,
            });
          }
          const chunk = text.slice(i, close);
          line += countNewlines(chunk);
          value += chunk;
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            i = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        record.fields.push(value);
        if (i >= n) break;
        const c = text.charCodeAt(i);
        if (c === delim) {
          i += 1;
          continue;
        }
        if (takeNewline()) break;
        record.error =
          `unexpected ${JSON.stringify(text[i])} after the closing quote of field ${record.fields.length}; ` +
          'a quote inside a quoted field must be doubled ("")';
        const next = text.indexOf('\n', i);
        i = next < 0 ? n : next;
        takeNewline();
        break;
      }
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === delim || c === LF || (c === CR && text.charCodeAt(end + 1) === LF)) break;
        end += 1;
      }
      record.fields.push(text.slice(i, end));
      i = end;
      if (i < n && text.charCodeAt(i) === delim) {
        i += 1;
        continue;
      }
      takeNewline();
      break;
    }
    records.push(record);
  }
  return records;
}

function countNewlines(s: string): number {
  let count = 0;
  for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) count += 1;
  return count;
}
