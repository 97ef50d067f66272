import { DataError } from './DataError';

/** What the readers do with a row that does not parse. */
export interface BadRowOptions {
  /**
   * `'throw'` (default): the first bad row throws a {@link DataError} naming file and line.
   * `'skip'`: bad rows are left out and reported once, after the file is read, through `onSkipped`.
   */
  badRows?: 'throw' | 'skip';
  /**
   * Called once per file when `badRows` is `'skip'` and at least one row was skipped.
   * Default: one `console.warn` line with the count and the first error.
   */
  onSkipped?: (report: SkippedRows) => void;
}

/** The rows a reader left out of one file in `badRows: 'skip'` mode. */
export interface SkippedRows {
  /** The file, as the caller named it. */
  file: string;
  /** How many rows were skipped. */
  count: number;
  /** One error per skipped row, in file order. */
  errors: DataError[];
}

/** Collects bad rows for one file and applies the caller's policy. */
export class BadRowCollector {
  private readonly errors: DataError[] = [];

  constructor(
    private readonly file: string,
    private readonly options: BadRowOptions,
  ) {
    const policy = options.badRows ?? 'throw';
    if (policy !== 'throw' && policy !== 'skip') {
      throw new Error(`expected badRows to be 'throw' or 'skip', got ${JSON.stringify(policy)}`);
    }
  }

  /** Throws in `'throw'` mode; records the row in `'skip'` mode. */
  reject(line: number, reason: string): void {
    const error = new DataError(reason, { file: this.file, line });
    if ((this.options.badRows ?? 'throw') === 'throw') throw error;
    this.errors.push(error);
  }

  get count(): number {
    return this.errors.length;
  }

  /** Reports skipped rows once; throws if nothing usable was left. */
  finish(keptRows: number): void {
    if (keptRows === 0) {
      const detail = this.errors.length > 0 ? `; all ${this.errors.length} rows were bad, first: ${this.errors[0].message}` : '';
      throw new DataError(`no data rows${detail}`, { file: this.file });
    }
    if (this.errors.length === 0) return;
    const report: SkippedRows = { file: this.file, count: this.errors.length, errors: this.errors.slice() };
    if (this.options.onSkipped) this.options.onSkipped(report);
    else console.warn(`${this.file}: skipped ${report.count} bad row(s); first: ${this.errors[0].message}`);
  }
}
