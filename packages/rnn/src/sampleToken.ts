import { Random } from '@tfzoo/data';

/** How {@link sampleToken} picks the next token. */
export interface SamplingOptions {
  /** Divides the logits; 0 means greedy (the most likely token). Default 1. */
  temperature?: number;
  /** Sample only among the k most likely tokens. Default: all. */
  topK?: number;
}

/**
 * Picks a token id from one row of logits: greedy at temperature 0, otherwise a draw from
 * softmax(logits / temperature), restricted to the top k when `topK` is given. Runs in
 * JavaScript on the (V,) row: a generation step reads its logits anyway.
 */
export function sampleToken(logits: ArrayLike<number>, options: SamplingOptions, rng: Random): number {
  const temperature = options.temperature ?? 1;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`expected temperature >= 0, got ${temperature}`);
  const V = logits.length;
  if (V === 0) throw new Error('sampleToken: expected at least one logit');
  if (temperature === 0) return argMax(logits);
  let candidates = Array.from({ length: V }, (_, i) => i);
  if (options.topK !== undefined) {
    if (!Number.isInteger(options.topK) || options.topK < 1) throw new Error(`expected topK to be a positive integer, got ${options.topK}`);
    candidates = candidates.sort((a, b) => logits[b] - logits[a]).slice(0, options.topK);
  }
  let max = -Infinity;
  for (const i of candidates) max = Math.max(max, logits[i]);
  const weights = candidates.map((i) => Math.exp((logits[i] - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.nextFloat() * total;
  for (let k = 0; k < candidates.length; k++) {
    u -= weights[k];
    if (u < 0) return candidates[k];
  }
  return candidates[candidates.length - 1];
}

/** Index of the largest value (the first, on ties). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
