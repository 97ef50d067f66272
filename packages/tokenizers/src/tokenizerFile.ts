import { promises as fs } from 'fs';
import * as path from 'path';
import { Tokenizer } from './Tokenizer';
import { tokenizerFromJSON } from './tokenizerFromJSON';
import { assertVocabMatches } from './vocabChecks';

/** Options of `loadTokenizer`. */
export interface LoadTokenizerOptions {
  /** If set, the loaded tokenizer must have exactly this vocabSize (see `assertVocabMatches`). */
  expectedVocabSize?: number;
  /** Who expects that size, for the error message. Default `the model`. */
  expectedBy?: string;
}

/**
 * Writes `tokenizer.toJSON()` to `file` (creating its folder). It writes a
 * temporary file beside it and renames it into place, so a crash never leaves
 * a half-written tokenizer where a good one was.
 */
export async function saveTokenizer(file: string, tokenizer: Tokenizer): Promise<void> {
  const text = formatTokenizerJSON(tokenizer);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, text, 'utf8');
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads a tokenizer written by `saveTokenizer`. Errors name the file and say
 * what is wrong: missing file, invalid JSON, unknown kind, inconsistent
 * vocabulary, or (with `expectedVocabSize`) a vocabulary size that does not
 * match the model.
 */
export async function loadTokenizer(file: string, options: LoadTokenizerOptions = {}): Promise<Tokenizer> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`tokenizer file not found: ${file}`);
    throw new Error(`could not read tokenizer file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`tokenizer file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJSON(json);
  } catch (e) {
    throw new Error(`tokenizer file ${file}: ${(e as Error).message}`);
  }
  if (options.expectedVocabSize !== undefined) {
    assertVocabMatches(tokenizer, options.expectedVocabSize, `${options.expectedBy ?? 'the model'} (tokenizer from ${file})`);
  }
  return tokenizer;
}

/** Indented JSON, but with each [left, right] id pair (BPE merges) on one line. */
function formatTokenizerJSON(tokenizer: Tokenizer): string {
  return JSON.stringify(tokenizer.toJSON(), null, 2).replace(/\[\s+(-?\d+),\s+(-?\d+)\s+\]/g, '[$1, $2]') + '\n';
}
