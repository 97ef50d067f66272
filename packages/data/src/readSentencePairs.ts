import { BadRowCollector } from './badRows';
import { describeColumn, readColumns, type ColumnRef, type TableOptions } from './readColumns';

/** A source sentence and its translation. */
export interface SentencePair {
  source: string;
  target: string;
}

/** Options for {@link readSentencePairs}. */
export interface SentencePairOptions extends TableOptions {
  /** Column of the source sentence (index, or header name / JSONL key). Default 0. */
  sourceColumn?: ColumnRef;
  /** Column of the target sentence. Default 1. */
  targetColumn?: ColumnRef;
}

/**
 * Reads parallel sentences, one pair per row, e.g. Tatoeba's `english<TAB>french`
 * (no header, so the default columns 0 and 1 read it as is). Swap the columns to
 * translate the other way. Rows with the wrong column count or an empty side are
 * bad rows, reported with file and line.
 */
export function readSentencePairs(file: string, options: SentencePairOptions = {}): SentencePair[] {
  const sourceColumn = options.sourceColumn ?? 0;
  const targetColumn = options.targetColumn ?? 1;
  if (sourceColumn === targetColumn) throw new Error(`expected different source and target columns, got ${describeColumn(sourceColumn)} for both`);
  const badRows = new BadRowCollector(file, options);
  const rows = readColumns(file, { source: sourceColumn, target: targetColumn }, options, badRows);
  const out: SentencePair[] = [];
  for (const { line, values } of rows) {
    const { source, target } = values;
    if (typeof source !== 'string' || source.trim().length === 0) {
      badRows.reject(line, `expected a source sentence in ${describeColumn(sourceColumn)}, got ${JSON.stringify(source)}`);
      continue;
    }
    if (typeof target !== 'string' || target.trim().length === 0) {
      badRows.reject(line, `expected a target sentence in ${describeColumn(targetColumn)}, got ${JSON.stringify(target)}`);
      continue;
    }
    out.push({ source, target });
  }
  badRows.finish(out.length);
  return out;
}
