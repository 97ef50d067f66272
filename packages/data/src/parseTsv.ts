import type { DelimitedRecord } from './parseCsv';
import { splitLines } from './readTextFile';

/**
 * Parses tab-separated values the way most NLP corpora write them: one record
 * per line, fields split on every TAB, no quoting at all, so a `"` in a
 * sentence is just a character (CSV parsers would mangle those). Empty lines
 * are skipped; line numbers count them.
 */
export function parseTsv(text: string): DelimitedRecord[] {
  const records: DelimitedRecord[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length === 0) continue;
    records.push({ line: i + 1, fields: lines[i].split('\t') });
  }
  return records;
}
