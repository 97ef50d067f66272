import { readTextFile, splitLines } from './readTextFile';

/** Options for {@link readTextCorpus}. */
export interface TextCorpusOptions {
  /** Turn CRLF line ends into LF so a char-level vocabulary does not grow a `\r`. Default true. */
  normalizeNewlines?: boolean;
}

/**
 * A plain-text corpus as one string, e.g. tinyshakespeare for a char-level
 * language model. Throws a `DataError` naming the path if the file is missing,
 * unreadable, not UTF-8 or empty.
 */
export function readTextCorpus(file: string, options: TextCorpusOptions = {}): string {
  const text = readTextFile(file);
  return options.normalizeNewlines === false ? text : text.replace(/\r\n/g, '\n');
}

/** Options for {@link readTextLines}. */
export interface TextLinesOptions {
  /** Leave out lines that are empty or whitespace only. Default true. */
  skipEmpty?: boolean;
  /** Strip leading and trailing whitespace from each line. Default false. */
  trim?: boolean;
}

/** A one-sentence-(or document)-per-line corpus as an array of lines. */
export function readTextLines(file: string, options: TextLinesOptions = {}): string[] {
  const skipEmpty = options.skipEmpty ?? true;
  const out: string[] = [];
  for (const raw of splitLines(readTextFile(file))) {
    const line = options.trim ? raw.trim() : raw;
    if (skipEmpty && line.trim().length === 0) continue;
    out.push(line);
  }
  return out;
}
