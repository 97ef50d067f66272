import { toRandom, type SeedOrRandom } from './Random';
import { permutation } from './shuffle';

/** Options for {@link batchIndices}. */
export interface BatchOrderOptions {
  /** Shuffle with this seed (or generator); omit to keep the data's order. Pass `seed + epoch` for a new order each epoch. */
  seed?: SeedOrRandom;
  /** Leave out the last batch if it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
}

/** One epoch of example indices cut into batches: every index once, in seeded random or original order. */
export function* batchIndices(n: number, batchSize: number, options: BatchOrderOptions = {}): Generator<Int32Array> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize >= 1, got ${batchSize}`);
  let order: Int32Array;
  if (options.seed === undefined) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  } else {
    order = permutation(n, toRandom(options.seed));
  }
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    if (options.dropLast && end - start < batchSize) return;
    yield order.subarray(start, end);
  }
}
