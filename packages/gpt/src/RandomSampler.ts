import { checkTemperature, drawIndex, Sampler, softmaxAt, UniformSource } from './Sampler';

/**
 * Draws from the whole distribution softmax(logits / temperature). Temperature < 1 sharpens
 * it (towards greedy), > 1 flattens it.
 */
export class RandomSampler extends Sampler {
  readonly name = 'random';
  readonly temperature: number;

  constructor(options: { temperature?: number } = {}) {
    super();
    this.temperature = checkTemperature(options.temperature ?? 1);
  }

  sample(logits: Float32Array, random: UniformSource): number {
    return drawIndex(softmaxAt(logits, this.temperature), random);
  }
}
