import { BadRowCollector, type BadRowOptions } from './badRows';
import { readTextFile, splitLines } from './readTextFile';

/** One parsed line of a JSONL file. */
export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  /** The parsed JSON value. */
  value: unknown;
}

/** Parses JSONL text: one JSON value per non-empty line. Bad lines go to `badRows`. */
export function parseJsonLines(text: string, badRows: BadRowCollector): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim().length === 0) continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(lines[i]) });
    } catch (e) {
      badRows.reject(i + 1, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/**
 * Reads a JSON Lines file (one JSON value per line; empty lines ignored), e.g.
 * the QA passages and questions. Each line is checked to be a JSON object, since
 * every JSONL dataset we read is a list of records; a line that is not valid
 * JSON or not an object is a bad row (`questions.jsonl:12: invalid JSON: ...`).
 */
export function readJsonLines<T extends object = Record<string, unknown>>(file: string, options: BadRowOptions = {}): T[] {
  const badRows = new BadRowCollector(file, options);
  const out: T[] = [];
  for (const { line, value } of parseJsonLines(readTextFile(file), badRows)) {
    if (!isJsonObject(value)) {
      badRows.reject(line, `expected a JSON object, got ${describeJsonType(value)}`);
      continue;
    }
    out.push(value as T);
  }
  badRows.finish(out.length);
  return out;
}

/** True for a plain JSON object (not an array or null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `string`, `number`, `array`, `null`... for messages about a JSON value's type. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
}
