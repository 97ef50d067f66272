import type { SeedOrRandom } from './Random';
import { permutation } from './shuffle';

/** A training part and a validation part of one dataset. */
export interface TrainValSplit<T> {
  train: T;
  val: T;
}

/** Options for {@link trainValSplit}. */
export interface TrainValSplitOptions {
  /** Share of items that go to validation, in [0, 1]; `round(n * valFraction)` items. */
  valFraction: number;
  /** Seed (or generator) of the shuffle that decides which items go where. */
  seed: SeedOrRandom;
}

/**
 * A seeded random split: every item lands in exactly one part, and the same
 * seed always gives the same parts. Both parts come out in shuffled order,
 * which is what training wants (the Tatoeba train file, for one, is sorted by
 * length).
 */
export function trainValSplit<T>(items: readonly T[], options: TrainValSplitOptions): TrainValSplit<T[]> {
  const valSize = validationSize(items.length, options.valFraction);
  const order = permutation(items.length, options.seed);
  const val: T[] = new Array(valSize);
  const train: T[] = new Array(items.length - valSize);
  for (let i = 0; i < valSize; i++) val[i] = items[order[i]];
  for (let i = valSize; i < items.length; i++) train[i - valSize] = items[order[i]];
  return { train, val };
}

/** Anything that has a length and can be cut: arrays, typed arrays, strings. */
export interface Sliceable<T> {
  readonly length: number;
  slice(start?: number, end?: number): T;
}

/**
 * A contiguous split: the first part for training, the last
 * `round(n * valFraction)` items for validation, as nanoGPT splits a token
 * stream (first 90% / last 10%) so that validation text is unseen and unbroken.
 * Typed arrays are cut with `subarray` (views, no copy); arrays and strings with `slice`.
 */
export function splitByFraction<T extends Sliceable<T>>(items: T, options: { valFraction: number }): TrainValSplit<T> {
  const cut = items.length - validationSize(items.length, options.valFraction);
  if (ArrayBuffer.isView(items)) {
    const view = items as unknown as { subarray(start: number, end?: number): T };
    return { train: view.subarray(0, cut), val: view.subarray(cut) };
  }
  return { train: items.slice(0, cut), val: items.slice(cut) };
}

function validationSize(n: number, valFraction: number): number {
  if (typeof valFraction !== 'number' || !(valFraction >= 0 && valFraction <= 1)) {
    throw new Error(`expected valFraction in [0, 1], got ${valFraction}`);
  }
  return Math.round(n * valFraction);
}
