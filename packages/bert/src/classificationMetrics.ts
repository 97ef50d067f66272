import { checkPairs, confusionMatrix } from './confusionMatrix';

/** Share of predictions equal to their label. */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  checkPairs(labels, predictions);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) right++;
  return right / labels.length;
}

/** Options of the precision, recall and F1 functions. */
export interface AveragingOptions {
  /**
   * `'binary'` (default): the score of the class `positive`. `'macro'`: the unweighted
   * mean of every class's score (each class in turn taken as the positive one).
   */
  average?: 'binary' | 'macro';
  /** The positive class for `'binary'`. Default 1. */
  positive?: number;
  /** Number of classes for `'macro'`. Default: one more than the largest id seen. */
  numClasses?: number;
}

/**
 * Precision: of the examples predicted as the positive class, the share that are.
 * 0 when nothing is predicted positive (as scikit-learn's `zero_division=0`).
 */
export function precision(labels: ArrayLike<number>, predictions: ArrayLike<number>, options: AveragingOptions = {}): number {
  return averaged(labels, predictions, options, ({ tp, fp }) => ratio(tp, tp + fp));
}

/** Recall: of the examples of the positive class, the share predicted as it. 0 when the class never occurs. */
export function recall(labels: ArrayLike<number>, predictions: ArrayLike<number>, options: AveragingOptions = {}): number {
  return averaged(labels, predictions, options, ({ tp, fn }) => ratio(tp, tp + fn));
}

/** F1: the harmonic mean of precision and recall, 2·tp / (2·tp + fp + fn); 0 when both are 0. */
export function f1Score(labels: ArrayLike<number>, predictions: ArrayLike<number>, options: AveragingOptions = {}): number {
  return averaged(labels, predictions, options, ({ tp, fp, fn }) => ratio(2 * tp, 2 * tp + fp + fn));
}

/** One class's counts, taking it as the positive class. */
interface ClassCounts {
  tp: number;
  fp: number;
  fn: number;
}

function averaged(labels: ArrayLike<number>, predictions: ArrayLike<number>, options: AveragingOptions, score: (c: ClassCounts) => number): number {
  const average = options.average ?? 'binary';
  if (average !== 'binary' && average !== 'macro') throw new Error(`expected average 'binary' or 'macro', got ${JSON.stringify(average)}`);
  if (average === 'macro') {
    const m = confusionMatrix(labels, predictions, options.numClasses);
    return m.reduce((sum, _, k) => sum + score(countsFrom(m, k)), 0) / m.length;
  }
  const positive = options.positive ?? 1;
  checkPairs(labels, predictions);
  const c: ClassCounts = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i] === positive;
    const predicted = predictions[i] === positive;
    if (actual && predicted) c.tp++;
    else if (predicted) c.fp++;
    else if (actual) c.fn++;
  }
  return score(c);
}

function countsFrom(m: number[][], k: number): ClassCounts {
  let fp = 0;
  let fn = 0;
  for (let j = 0; j < m.length; j++) {
    if (j === k) continue;
    fp += m[j][k];
    fn += m[k][j];
  }
  return { tp: m[k][k], fp, fn };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
