/** A source of uniform floats in [0, 1): `Random` from @tfzoo/data, or anything seeded. */
export interface UniformSource {
  nextFloat(): number;
}

/**
 * How the next token is chosen from the model's logits. Samplers are tiny: they differ
 * only in which tokens may be drawn (all, the k most likely, the smallest set holding
 * probability p) or whether the most likely is taken outright.
 *
 * Samplers run on the host on one position's logits (a Float32Array of vocabSize):
 * generation reads those logits anyway to emit the token, and host arithmetic makes a
 * seeded run give the same tokens on every backend that gives the same logits.
 * Logits of −Infinity (suppressed tokens) are never drawn.
 */
export abstract class Sampler {
  /** The name `createSampler` knows this sampler by. */
  abstract readonly name: string;

  /** The chosen token id. `random` is not used by deterministic samplers. */
  abstract sample(logits: Float32Array, random: UniformSource): number;
}

/** Checks a temperature: a positive finite number (0 means greedy; ask for `GreedySampler`). */
export function checkTemperature(temperature: number): number {
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`expected temperature to be a positive number (use greedy decoding for temperature 0), got ${JSON.stringify(temperature)}`);
  }
  return temperature;
}

/** softmax(logits / temperature) over the ids `candidates` (all ids when omitted), in that order. */
export function softmaxAt(logits: Float32Array, temperature: number, candidates?: ArrayLike<number>): Float64Array {
  const n = candidates ? candidates.length : logits.length;
  const at = (i: number) => logits[candidates ? candidates[i] : i] / temperature;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, at(i));
  if (max === -Infinity) throw new Error('every token is suppressed (all logits are -Infinity); nothing can be sampled');
  if (Number.isNaN(max)) throw new Error('the logits contain NaN; the model weights are probably corrupt or training diverged');
  const probs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    probs[i] = Math.exp(at(i) - max);
    sum += probs[i];
  }
  for (let i = 0; i < n; i++) probs[i] /= sum;
  return probs;
}

/** Draws index i with probability probs[i] (probs sum to 1) using one uniform number. */
export function drawIndex(probs: ArrayLike<number>, random: UniformSource): number {
  const u = random.nextFloat();
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cumulative += probs[i];
    last = i;
    if (u < cumulative) return i;
  }
  // Rounding can leave the total a hair under 1; the remainder belongs to the last possible index.
  return last;
}

/** Token ids sorted by logit, highest first (ties: lower id first), -Infinity ones left out. */
export function idsByLogit(logits: Float32Array): Int32Array {
  const ids: number[] = [];
  for (let i = 0; i < logits.length; i++) if (logits[i] !== -Infinity) ids.push(i);
  ids.sort((a, b) => logits[b] - logits[a] || a - b);
  return Int32Array.from(ids);
}
