import { toRandom, type SeedOrRandom } from './Random';

/**
 * A shuffled copy of `items` (Fisher–Yates); `items` is left as it was. The
 * same seed gives the same order on every run and machine. Pass a `Random`
 * instead of a seed to continue its sequence (e.g. one shuffle per epoch).
 */
export function shuffle<T>(items: readonly T[], seed: SeedOrRandom): T[] {
  const out = items.slice();
  const rng = toRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

/** A seeded random permutation of 0..n-1, for shuffling data held in typed arrays by index. */
export function permutation(n: number, seed: SeedOrRandom): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a length n >= 0, got ${n}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const rng = toRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}
