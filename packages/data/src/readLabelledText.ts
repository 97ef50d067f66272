import { BadRowCollector } from './badRows';
import { describeColumn, readColumns, type ColumnRef, type TableOptions } from './readColumns';
import { parseLabel } from './parseLabel';

/** One labelled example. */
export interface LabelledExample {
  text: string;
  /** A number from the file, or the index of its class name in `labels`. */
  label: number;
}

/** Options for {@link readLabelledText}. */
export interface LabelledTextOptions extends TableOptions {
  /** Column (header name, JSONL key or 0-based index) holding the text. Default `'text'`. */
  textColumn?: ColumnRef;
  /** Column holding the label. Default `'label'`. */
  labelColumn?: ColumnRef;
  /**
   * Class names in id order. When given, each label must be one of these names and
   * becomes its index; when absent, labels must be numbers (or JSON booleans).
   */
  labels?: readonly string[];
}

/**
 * Reads labelled text from TSV, CSV or JSONL, e.g. the sentiment files
 * (`text<TAB>label` with a header row). The defaults (`text`/`label` columns,
 * format from the extension) read those as they are:
 *
 *     const train = readLabelledText('data/sentiment/rt_polarity_train.tsv');
 *     const reviews = readLabelledText('reviews.csv', { textColumn: 1, labelColumn: 0, labels: ['neg', 'pos'] });
 *
 * A row with the wrong column count, a missing field, empty text or a label
 * that does not parse is a bad row (`reviews.tsv:17: expected 2 columns, got 1`):
 * thrown by default, skipped and counted with `badRows: 'skip'`.
 */
export function readLabelledText(file: string, options: LabelledTextOptions = {}): LabelledExample[] {
  const textColumn = options.textColumn ?? 'text';
  const labelColumn = options.labelColumn ?? 'label';
  if (options.labels !== undefined) checkClassNames(options.labels);
  const badRows = new BadRowCollector(file, options);
  const rows = readColumns(file, { text: textColumn, label: labelColumn }, options, badRows);
  const out: LabelledExample[] = [];
  for (const { line, values } of rows) {
    const text = values.text;
    if (typeof text !== 'string') {
      badRows.reject(line, `expected text in ${describeColumn(textColumn)}, got ${JSON.stringify(text)}`);
      continue;
    }
    if (text.trim().length === 0) {
      badRows.reject(line, `empty text in ${describeColumn(textColumn)}`);
      continue;
    }
    const parsed = parseLabel(values.label, options.labels);
    if (parsed.error !== undefined) {
      badRows.reject(line, `${describeColumn(labelColumn)}: ${parsed.error}`);
      continue;
    }
    out.push({ text, label: parsed.label });
  }
  badRows.finish(out.length);
  return out;
}

function checkClassNames(labels: readonly string[]): void {
  if (labels.length === 0) throw new Error('expected at least one class name in labels, got []');
  const seen = new Set<string>();
  for (const name of labels) {
    if (typeof name !== 'string' || name.trim() !== name || name.length === 0) {
      throw new Error(`expected class names to be non-empty strings without surrounding spaces, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new Error(`class name ${JSON.stringify(name)} appears twice in labels`);
    seen.add(name);
  }
}
