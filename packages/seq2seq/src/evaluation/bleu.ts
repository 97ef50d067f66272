import { clippedMatches, ngramCounts } from './ngramCounts';
import { splitWhitespace, trimEndWhitespace } from './pythonWhitespace';
import { referenceSets } from './referenceSets';
import { tokenize13a } from './tokenize13a';

/**
 * How BLEU splits a sentence into words: `'13a'` is sacrebleu's default
 * (mteval-v13a, punctuation split off), `'none'` splits on whitespace only
 * (for text that is already tokenized), or any function returning the tokens.
 */
export type BleuTokenizer = '13a' | 'none' | ((sentence: string) => string[]);

/**
 * What to do with an n-gram order that has no matches, with sacrebleu's names
 * (Chen & Cherry 2014): `'none'` leaves precision 0, so BLEU is 0; `'floor'`
 * uses `smoothingValue` (0.1) matches instead of 0; `'add-k'` adds
 * `smoothingValue` (1) to matches and totals of orders 2 and up; `'exp'` (NIST
 * smoothing, used by mteval-v13a) gives the k-th zero precision 1 / (2^k · total).
 */
export type BleuSmoothing = 'none' | 'floor' | 'add-k' | 'exp';

/** Options of `corpusBleu` and `sentenceBleu`; the defaults are sacrebleu's. */
export interface BleuOptions {
  /** Tokenizer applied to hypotheses and references (default `'13a'`). */
  tokenize?: BleuTokenizer;
  /** Lowercase everything first, for case-insensitive BLEU (default false). */
  lowercase?: boolean;
  /** Smoothing of zero-match orders (default `'exp'`, as sacrebleu's `corpus_bleu` and `sentence_bleu`). */
  smoothing?: BleuSmoothing;
  /** The value for `'floor'` (default 0.1) and `'add-k'` (default 1); ignored by the others. */
  smoothingValue?: number;
  /** Highest n-gram order (default 4). */
  maxOrder?: number;
  /**
   * Average only over orders the hypothesis has n-grams for, so a two-word
   * sentence is not scored 0 for lacking trigrams (default false for
   * `corpusBleu`, true for `sentenceBleu`, as in sacrebleu).
   */
  effectiveOrder?: boolean;
}

/** A BLEU score and the statistics it was computed from. */
export interface BleuScore {
  /** BLEU, 0 to 100. */
  score: number;
  /** Modified n-gram precision of each order 1..maxOrder, 0 to 100, after smoothing. */
  precisions: number[];
  /** Clipped n-gram matches of each order, before smoothing. */
  counts: number[];
  /** Hypothesis n-grams of each order. */
  totals: number[];
  /** exp(1 − r/c) when the hypotheses are shorter than the references (c < r), else 1. */
  brevityPenalty: number;
  /** Hypothesis tokens, summed over the corpus (c). */
  hypLength: number;
  /** Reference tokens, using for each sentence the reference length closest to its hypothesis (r). */
  refLength: number;
  /** hypLength / refLength. */
  ratio: number;
}

interface SegmentStatistics {
  hypLength: number;
  refLength: number;
  counts: number[];
  totals: number[];
}

const SMOOTHING_DEFAULTS: Record<BleuSmoothing, number> = { none: 0, floor: 0.1, 'add-k': 1, exp: 0 };
// sacrebleu's `my_log(0)`: a finite stand-in for log 0 so that one zero precision makes BLEU exactly 0.
const LOG_ZERO = -9999999999;
// Tokens never contain whitespace, so a space cannot make two different n-grams share a key.
const WORD_SEPARATOR = ' ';

/**
 * Corpus BLEU (Papineni et al. 2002) as sacrebleu computes it: n-gram matches
 * are clipped at the largest count of that n-gram in any one reference of the
 * sentence, matches and totals are summed over the corpus before the
 * precisions are taken, their geometric mean is multiplied by the brevity
 * penalty, and each sentence's reference length is the one closest to its
 * hypothesis length (the shorter on a tie). With the default options the
 * score equals `sacrebleu.corpus_bleu`'s.
 *
 * `references[i]` holds the references of sentence `i` (one or more; empty
 * strings are skipped, so sentences may have different numbers). Note that
 * sacrebleu takes the transpose: one list per reference *set*.
 *
 * @example
 * const { score } = corpusBleu(
 *   ['the cat sat on the mat'],
 *   [['the cat is on the mat', 'there is a cat on the mat']],
 * );
 */
export function corpusBleu(hypotheses: readonly string[], references: ReadonlyArray<readonly string[]>, options: BleuOptions = {}): BleuScore {
  const settings = resolveOptions(options, false);
  const refSets = referenceSets('BLEU', hypotheses, references);
  const sum: SegmentStatistics = {
    hypLength: 0,
    refLength: 0,
    counts: new Array<number>(settings.maxOrder).fill(0),
    totals: new Array<number>(settings.maxOrder).fill(0),
  };
  hypotheses.forEach((hyp, i) => {
    const s = segmentStatistics(hyp, refSets[i], settings);
    sum.hypLength += s.hypLength;
    sum.refLength += s.refLength;
    for (let n = 0; n < settings.maxOrder; n++) {
      sum.counts[n] += s.counts[n];
      sum.totals[n] += s.totals[n];
    }
  });
  return bleuFromStatistics(sum, settings);
}

/**
 * BLEU of one sentence against one or more references. Sentence BLEU is noisy
 * (BLEU is meant for corpora), so by default it smooths zero-match orders
 * (`'exp'`) and uses the effective order, as sacrebleu's `sentence_bleu`.
 *
 * @example
 * sentenceBleu('the cat sat on the mat', ['the cat is on the mat']).score;   // 37.99
 */
export function sentenceBleu(hypothesis: string, references: string | readonly string[], options: BleuOptions = {}): BleuScore {
  const settings = resolveOptions(options, true);
  const refs = typeof references === 'string' ? [references] : references;
  const [refSet] = referenceSets('BLEU', [hypothesis], [refs]);
  return bleuFromStatistics(segmentStatistics(hypothesis, refSet, settings), settings);
}

/**
 * One line in sacrebleu's format:
 * `BLEU = 30.44 78.1/36.7/25.0/15.4 (BP = 0.939 ratio = 0.941 hyp_len = 32 ref_len = 34)`.
 */
export function formatBleu(bleu: BleuScore): string {
  const precisions = bleu.precisions.map((p) => p.toFixed(1)).join('/');
  return (
    `BLEU = ${bleu.score.toFixed(2)} ${precisions} (BP = ${bleu.brevityPenalty.toFixed(3)} ` +
    `ratio = ${bleu.ratio.toFixed(3)} hyp_len = ${bleu.hypLength} ref_len = ${bleu.refLength})`
  );
}

interface ResolvedBleuOptions {
  tokenize: (sentence: string) => string[];
  lowercase: boolean;
  smoothing: BleuSmoothing;
  smoothingValue: number;
  maxOrder: number;
  effectiveOrder: boolean;
}

function resolveOptions(options: BleuOptions, sentenceLevel: boolean): ResolvedBleuOptions {
  const smoothing = options.smoothing ?? 'exp';
  if (!Object.hasOwn(SMOOTHING_DEFAULTS, smoothing)) {
    throw new Error(`BLEU: expected smoothing 'none', 'floor', 'add-k' or 'exp', got '${String(smoothing)}'`);
  }
  const smoothingValue = options.smoothingValue ?? SMOOTHING_DEFAULTS[smoothing];
  if (!(Number.isFinite(smoothingValue) && smoothingValue >= 0)) {
    throw new Error(`BLEU: expected smoothingValue to be a finite number >= 0, got ${smoothingValue}`);
  }
  const maxOrder = options.maxOrder ?? 4;
  if (!(Number.isInteger(maxOrder) && maxOrder >= 1)) throw new Error(`BLEU: expected maxOrder to be an integer >= 1, got ${maxOrder}`);
  return {
    tokenize: tokenizerFor(options.tokenize ?? '13a'),
    lowercase: options.lowercase ?? false,
    smoothing,
    smoothingValue,
    maxOrder,
    effectiveOrder: options.effectiveOrder ?? sentenceLevel,
  };
}

function tokenizerFor(tokenize: BleuTokenizer): (sentence: string) => string[] {
  if (typeof tokenize === 'function') return tokenize;
  if (tokenize === '13a') return (s) => splitWhitespace(tokenize13a(s));
  if (tokenize === 'none') return splitWhitespace;
  throw new Error(`BLEU: expected tokenize '13a', 'none' or a function, got '${String(tokenize)}'`);
}

function tokensOf(sentence: string, settings: ResolvedBleuOptions): string[] {
  const s = settings.lowercase ? sentence.toLowerCase() : sentence;
  return settings.tokenize(trimEndWhitespace(s));
}

/** Matches, totals and lengths of one hypothesis against its references. */
function segmentStatistics(hypothesis: string, references: readonly string[], settings: ResolvedBleuOptions): SegmentStatistics {
  const hypTokens = tokensOf(hypothesis, settings);
  const refTokens = references.map((r) => tokensOf(r, settings));
  const counts: number[] = [];
  const totals: number[] = [];
  for (let n = 1; n <= settings.maxOrder; n++) {
    const hyp = ngramCounts(hypTokens, n, WORD_SEPARATOR);
    // An n-gram may be matched as often as the most generous single reference allows.
    const allowed = new Map<string, number>();
    for (const tokens of refTokens) {
      for (const [ngram, c] of ngramCounts(tokens, n, WORD_SEPARATOR)) allowed.set(ngram, Math.max(allowed.get(ngram) ?? 0, c));
    }
    counts.push(clippedMatches(hyp, allowed));
    totals.push(Math.max(0, hypTokens.length - n + 1));
  }
  return {
    hypLength: hypTokens.length,
    refLength: closestLength(hypTokens.length, refTokens.map((t) => t.length)),
    counts,
    totals,
  };
}

/** The reference length closest to the hypothesis length; the shorter one on a tie. */
function closestLength(hypLength: number, refLengths: readonly number[]): number {
  let best = refLengths[0];
  for (const len of refLengths) {
    const d = Math.abs(hypLength - len);
    const bestD = Math.abs(hypLength - best);
    if (d < bestD || (d === bestD && len < best)) best = len;
  }
  return best;
}

/** sacrebleu's `BLEU.compute_bleu`, step for step, so smoothing edge cases agree with it. */
function bleuFromStatistics(stats: SegmentStatistics, settings: ResolvedBleuOptions): BleuScore {
  const { hypLength, refLength, counts, totals } = stats;
  const { maxOrder, smoothing, smoothingValue } = settings;
  let brevityPenalty = 1;
  if (hypLength < refLength) brevityPenalty = hypLength > 0 ? Math.exp(1 - refLength / hypLength) : 0;
  const result = (score: number, precisions: number[]): BleuScore => ({
    score,
    precisions,
    counts: [...counts],
    totals: [...totals],
    brevityPenalty,
    hypLength,
    refLength,
    ratio: refLength > 0 ? hypLength / refLength : 0,
  });

  const precisions = new Array<number>(maxOrder).fill(0);
  // No match at any order: 0 whatever the smoothing (sacrebleu #141).
  if (counts.every((c) => c === 0)) return result(0, precisions);

  let expFactor = 1;
  let order = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    let correct = counts[n - 1];
    let total = totals[n - 1];
    if (smoothing === 'add-k' && n > 1) {
      correct += smoothingValue;
      total += smoothingValue;
    }
    // Sentences too short for this order: the remaining precisions stay 0.
    if (total === 0) break;
    if (settings.effectiveOrder) order = n;
    if (correct === 0) {
      if (smoothing === 'exp') {
        expFactor *= 2;
        precisions[n - 1] = 100 / (expFactor * total);
      } else if (smoothing === 'floor') {
        precisions[n - 1] = (100 * smoothingValue) / total;
      }
    } else {
      precisions[n - 1] = (100 * correct) / total;
    }
  }
  let logSum = 0;
  for (let n = 0; n < order; n++) logSum += precisions[n] > 0 ? Math.log(precisions[n]) : LOG_ZERO;
  return result(brevityPenalty * Math.exp(logSum / order), precisions);
}
