import { checkTemperature, drawIndex, idsByLogit, Sampler, softmaxAt, UniformSource } from './Sampler';

/**
 * Nucleus sampling (Holtzman et al. 2020): draws from the smallest set of most likely tokens
 * whose probabilities (after temperature) sum to at least p, renormalised. With `k`, only
 * the k most likely tokens are considered first (as keras-hub's TopPSampler).
 */
export class TopPSampler extends Sampler {
  readonly name = 'top-p';
  readonly p: number;
  readonly k: number | null;
  readonly temperature: number;

  constructor(options: { p: number; k?: number | null; temperature?: number }) {
    super();
    if (typeof options.p !== 'number' || !(options.p > 0 && options.p <= 1)) throw new Error(`expected topP in (0, 1], got ${JSON.stringify(options.p)}`);
    if (options.k != null && (!Number.isInteger(options.k) || options.k < 1)) throw new Error(`expected topK to be a positive integer, got ${JSON.stringify(options.k)}`);
    this.p = options.p;
    this.k = options.k ?? null;
    this.temperature = checkTemperature(options.temperature ?? 1);
  }

  sample(logits: Float32Array, random: UniformSource): number {
    let candidates = idsByLogit(logits);
    if (this.k !== null) candidates = candidates.subarray(0, this.k);
    const probs = softmaxAt(logits, this.temperature, candidates); // sorted, highest first
    let kept = 0;
    let mass = 0;
    while (kept < probs.length && (kept === 0 || mass < this.p)) mass += probs[kept++];
    const nucleus = probs.subarray(0, kept).map((q) => q / mass);
    return candidates[drawIndex(nucleus, random)];
  }
}
