import { GreedySampler } from './GreedySampler';
import { RandomSampler } from './RandomSampler';
import { Sampler } from './Sampler';
import { TopKSampler } from './TopKSampler';
import { TopPSampler } from './TopPSampler';

/** The samplers `createSampler` knows. */
export const SAMPLER_NAMES = ['greedy', 'random', 'top-k', 'top-p'] as const;

/** A sampler name. */
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** Settings samplers read; each uses the ones it needs. */
export interface SamplerOptions {
  /** Divides the logits before the softmax (random, top-k, top-p). Default 1. */
  temperature?: number;
  /** top-k: how many tokens to keep (required); top-p: an optional pre-limit. */
  topK?: number | null;
  /** top-p: the probability mass to keep (required). */
  topP?: number | null;
}

/**
 * A sampler by name, as keras-hub's `get_sampler`:
 * `createSampler('top-k', { topK: 10, temperature: 0.8 })`.
 */
export function createSampler(name: SamplerName, options: SamplerOptions = {}): Sampler {
  switch (name) {
    case 'greedy':
      return new GreedySampler();
    case 'random':
      return new RandomSampler({ temperature: options.temperature });
    case 'top-k':
      if (options.topK == null) throw new Error("the 'top-k' sampler needs topK");
      return new TopKSampler({ k: options.topK, temperature: options.temperature });
    case 'top-p':
      if (options.topP == null) throw new Error("the 'top-p' sampler needs topP");
      return new TopPSampler({ p: options.topP, k: options.topK, temperature: options.temperature });
    default:
      throw new Error(`unknown sampler ${JSON.stringify(name)}; expected one of ${SAMPLER_NAMES.map((n) => `'${n}'`).join(', ')}`);
  }
}

/**
 * The sampler generation options describe: `greedy` (or temperature 0) → greedy; `topP` →
 * top-p (with `topK` as its pre-limit); `topK` → top-k; otherwise random at `temperature`.
 */
export function samplerFor(options: SamplerOptions & { greedy?: boolean }): Sampler {
  if (options.greedy || options.temperature === 0) return new GreedySampler();
  if (options.topP != null) return createSampler('top-p', options);
  if (options.topK != null) return createSampler('top-k', options);
  return createSampler('random', options);
}
