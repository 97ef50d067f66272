import { checkTemperature, drawIndex, idsByLogit, Sampler, softmaxAt, UniformSource } from './Sampler';

/** Draws from the k most likely tokens only, renormalised (Fan et al. 2018); k = 1 is greedy. */
export class TopKSampler extends Sampler {
  readonly name = 'top-k';
  readonly k: number;
  readonly temperature: number;

  constructor(options: { k: number; temperature?: number }) {
    super();
    if (!Number.isInteger(options.k) || options.k < 1) throw new Error(`expected topK to be a positive integer, got ${JSON.stringify(options.k)}`);
    this.k = options.k;
    this.temperature = checkTemperature(options.temperature ?? 1);
  }

  sample(logits: Float32Array, random: UniformSource): number {
    const candidates = idsByLogit(logits).subarray(0, this.k);
    return candidates[drawIndex(softmaxAt(logits, this.temperature, candidates), random)];
  }
}
