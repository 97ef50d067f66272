import { clippedMatches, ngramCounts, totalCount } from './ngramCounts';
import { removeWhitespace, splitWhitespace } from './pythonWhitespace';
import { referenceSets } from './referenceSets';

/** Options of `corpusChrf` and `sentenceChrf`; the defaults are sacrebleu's chrF2. */
export interface ChrfOptions {
  /** Highest character n-gram order (default 6). */
  charOrder?: number;
  /** Highest word n-gram order: 0 for chrF (default), 2 for chrF++. */
  wordOrder?: number;
  /** Weight of recall over precision in the F-score (default 2). */
  beta?: number;
  /** Lowercase everything first (default false). */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams (default false: whitespace is removed first). */
  whitespace?: boolean;
  /**
   * Average per-order F-scores with a tiny epsilon for empty orders, like the
   * original chrF++.py, Moses and NLTK, instead of sacrebleu's default of
   * averaging precision and recall over the orders that have n-grams (default false).
   */
  epsSmoothing?: boolean;
}

/** Counts of one n-gram order behind a chrF score. */
export interface ChrfOrderStatistics {
  /** `'char'` or `'word'` n-grams. */
  kind: 'char' | 'word';
  /** The order n. */
  n: number;
  /** Hypothesis n-grams (0 when the reference has none of this order, as in sacrebleu). */
  hypCount: number;
  /** Reference n-grams. */
  refCount: number;
  /** Clipped matches. */
  matches: number;
}

/** A chrF score and the statistics it was computed from. */
export interface ChrfScore {
  /** chrF, 0 to 100. */
  score: number;
  /** `chrF2` or, with word n-grams, `chrF2++`. */
  name: string;
  /** Statistics of each order, character orders first, summed over the corpus. */
  statistics: ChrfOrderStatistics[];
  charOrder: number;
  wordOrder: number;
  beta: number;
}

interface ResolvedChrfOptions {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  whitespace: boolean;
  epsSmoothing: boolean;
}

// Python's string.punctuation: what chrF++ splits off the ends of words.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const EPS = 1e-16;

/**
 * Corpus chrF (Popović 2015) as sacrebleu computes it: character n-gram
 * precision and recall for n = 1..6 (whitespace removed), averaged over the
 * orders, combined into an F-score that weighs recall `beta` = 2 times as much
 * as precision. Counts are summed over the corpus before the averages are
 * taken. With several references per sentence, the statistics of the
 * reference giving that sentence the best chrF are used. With the default
 * options the score equals `sacrebleu.corpus_chrf`'s; `wordOrder: 2` gives chrF++.
 *
 * `references[i]` holds the references of sentence `i` (empty strings are skipped).
 *
 * @example
 * corpusChrf(['the cat sat'], [['the cat sat down']]).score;
 */
export function corpusChrf(hypotheses: readonly string[], references: ReadonlyArray<readonly string[]>, options: ChrfOptions = {}): ChrfScore {
  const settings = resolveOptions(options);
  const refSets = referenceSets('chrF', hypotheses, references);
  const sum = new Array<number>(3 * (settings.charOrder + settings.wordOrder)).fill(0);
  hypotheses.forEach((hyp, i) => {
    const stats = bestStatistics(hyp, refSets[i], settings);
    for (let k = 0; k < sum.length; k++) sum[k] += stats[k];
  });
  return scoreOf(sum, settings);
}

/** chrF of one sentence against one or more references (the best-scoring one counts). */
export function sentenceChrf(hypothesis: string, references: string | readonly string[], options: ChrfOptions = {}): ChrfScore {
  const settings = resolveOptions(options);
  const refs = typeof references === 'string' ? [references] : references;
  const [refSet] = referenceSets('chrF', [hypothesis], [refs]);
  return scoreOf(bestStatistics(hypothesis, refSet, settings), settings);
}

/** One line in sacrebleu's format: `chrF2 = 46.30`. */
export function formatChrf(chrf: ChrfScore): string {
  return `${chrf.name} = ${chrf.score.toFixed(2)}`;
}

function resolveOptions(options: ChrfOptions): ResolvedChrfOptions {
  const settings = {
    charOrder: options.charOrder ?? 6,
    wordOrder: options.wordOrder ?? 0,
    beta: options.beta ?? 2,
    lowercase: options.lowercase ?? false,
    whitespace: options.whitespace ?? false,
    epsSmoothing: options.epsSmoothing ?? false,
  };
  if (!(Number.isInteger(settings.charOrder) && settings.charOrder >= 0)) {
    throw new Error(`chrF: expected charOrder to be an integer >= 0, got ${settings.charOrder}`);
  }
  if (!(Number.isInteger(settings.wordOrder) && settings.wordOrder >= 0)) {
    throw new Error(`chrF: expected wordOrder to be an integer >= 0, got ${settings.wordOrder}`);
  }
  if (settings.charOrder + settings.wordOrder === 0) throw new Error('chrF: expected charOrder + wordOrder >= 1, got 0');
  if (!(Number.isFinite(settings.beta) && settings.beta >= 0)) throw new Error(`chrF: expected beta to be a finite number >= 0, got ${settings.beta}`);
  return settings;
}

/** The n-gram counts of each order: characters 1..charOrder, then words 1..wordOrder. */
function allNgrams(sentence: string, settings: ResolvedChrfOptions): Map<string, number>[] {
  const s = settings.lowercase ? sentence.toLowerCase() : sentence;
  // Code points, not UTF-16 units: an emoji or a rare CJK character is one character, as in Python.
  const chars = Array.from(settings.whitespace ? s : removeWhitespace(s));
  const orders: Map<string, number>[] = [];
  for (let n = 1; n <= settings.charOrder; n++) orders.push(ngramCounts(chars, n, ''));
  if (settings.wordOrder > 0) {
    const words = splitPunctuation(s);
    for (let n = 1; n <= settings.wordOrder; n++) orders.push(ngramCounts(words, n, ' '));
  }
  return orders;
}

/**
 * chrF++'s word split: whitespace, then one punctuation mark split off the end
 * of a word, or else off its start (so `(hi)` becomes `(hi` and `)`, as in
 * sacrebleu and the original chrF++.py).
 */
function splitPunctuation(sentence: string): string[] {
  const words: string[] = [];
  for (const w of splitWhitespace(sentence)) {
    const chars = Array.from(w);
    if (chars.length === 1) words.push(w);
    else if (PUNCTUATION.has(chars[chars.length - 1])) words.push(chars.slice(0, -1).join(''), chars[chars.length - 1]);
    else if (PUNCTUATION.has(chars[0])) words.push(chars[0], chars.slice(1).join(''));
    else words.push(w);
  }
  return words;
}

/** Flat [hyp, ref, match] triples per order against the reference with the best chrF. */
function bestStatistics(hypothesis: string, references: readonly string[], settings: ResolvedChrfOptions): number[] {
  const hyp = allNgrams(hypothesis, settings);
  let best: number[] = [];
  let bestScore = -1;
  for (const reference of references) {
    const ref = allNgrams(reference, settings);
    const stats: number[] = [];
    hyp.forEach((h, k) => {
      const r = ref[k];
      // sacrebleu does not count hypothesis n-grams of an order the reference is too short for.
      stats.push(r.size > 0 ? totalCount(h) : 0, totalCount(r), clippedMatches(h, r));
    });
    const score = fScore(stats, settings);
    if (score > bestScore) {
      bestScore = score;
      best = stats;
    }
  }
  return best;
}

/** sacrebleu's `CHRF._compute_f_score`: 0 to 100. */
function fScore(stats: readonly number[], settings: ResolvedChrfOptions): number {
  const factor = settings.beta ** 2;
  const orders = stats.length / 3;
  let epsScore = 0;
  let precision = 0;
  let recall = 0;
  let effectiveOrder = 0;
  for (let k = 0; k < orders; k++) {
    const [hypCount, refCount, matches] = stats.slice(3 * k, 3 * k + 3);
    const p = hypCount > 0 ? matches / hypCount : EPS;
    const r = refCount > 0 ? matches / refCount : EPS;
    const denominator = factor * p + r;
    epsScore += denominator > 0 ? ((1 + factor) * p * r) / denominator : EPS;
    if (hypCount > 0 && refCount > 0) {
      precision += p;
      recall += r;
      effectiveOrder++;
    }
  }
  if (settings.epsSmoothing) return (100 * epsScore) / orders;
  if (effectiveOrder === 0) return 0;
  precision /= effectiveOrder;
  recall /= effectiveOrder;
  if (precision + recall === 0) return 0;
  return (100 * ((1 + factor) * precision * recall)) / (factor * precision + recall);
}

function scoreOf(stats: readonly number[], settings: ResolvedChrfOptions): ChrfScore {
  const statistics: ChrfOrderStatistics[] = [];
  for (let k = 0; k < stats.length / 3; k++) {
    const word = k >= settings.charOrder;
    statistics.push({
      kind: word ? 'word' : 'char',
      n: word ? k - settings.charOrder + 1 : k + 1,
      hypCount: stats[3 * k],
      refCount: stats[3 * k + 1],
      matches: stats[3 * k + 2],
    });
  }
  return {
    score: fScore(stats, settings),
    name: `chrF${settings.beta}${'+'.repeat(settings.wordOrder)}`,
    statistics,
    charOrder: settings.charOrder,
    wordOrder: settings.wordOrder,
    beta: settings.beta,
  };
}
