import { readLabelledText, type LabelledExample } from '@tfzoo/data';

/** Column and label options shared by `tfzoo bert train` and `tfzoo bert eval`. */
export interface LabelledFileOptions {
  /** Header name or 0-based index of the text column. */
  textColumn: string | number;
  /** Header name or 0-based index of the label column. */
  labelColumn: string | number;
}

/**
 * The class names labels are read as: declared names (`--labels neg,pos`), or the
 * numbers 0 … numClasses−1 written as text, so that "2" in a binary file or "pos" in a
 * numeric one is an error naming the file and line, not a silent new class.
 */
export function classLabels(declared: string | undefined, numClasses: number | undefined): { names: string[]; declared: boolean } {
  if (declared !== undefined) {
    const names = declared.split(',').map((s) => s.trim());
    if (names.length < 2 || names.some((n) => n.length === 0)) {
      throw new Error(`--labels: expected at least two comma-separated class names, got ${JSON.stringify(declared)}`);
    }
    if (numClasses !== undefined && numClasses !== names.length) throw new Error(`--num-classes ${numClasses} disagrees with the ${names.length} names in --labels`);
    return { names, declared: true };
  }
  const n = numClasses ?? 2;
  if (!Number.isInteger(n) || n < 2) throw new Error(`--num-classes: expected an integer >= 2, got ${numClasses}`);
  return { names: Array.from({ length: n }, (_, i) => String(i)), declared: false };
}

/** Reads labelled examples whose labels must be among `names` (each becomes its index). */
export function readLabelledFile(file: string, names: readonly string[], options: LabelledFileOptions): LabelledExample[] {
  return readLabelledText(file, { textColumn: columnRef(options.textColumn), labelColumn: columnRef(options.labelColumn), labels: names });
}

/** `--text-column 0` means the first column; `--text-column text` the column named "text". */
export function columnRef(value: string | number): string | number {
  return typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : value;
}
