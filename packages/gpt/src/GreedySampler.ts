import { Sampler } from './Sampler';

/** Always the most likely token (the lowest id among ties): deterministic, no randomness used. */
export class GreedySampler extends Sampler {
  readonly name = 'greedy';

  sample(logits: Float32Array): number {
    let best = -1;
    for (let i = 0; i < logits.length; i++) {
      if (Number.isNaN(logits[i])) throw new Error('the logits contain NaN; the model weights are probably corrupt or training diverged');
      if (logits[i] !== -Infinity && (best < 0 || logits[i] > logits[best])) best = i;
    }
    if (best < 0) throw new Error('every token is suppressed (all logits are -Infinity); nothing can be sampled');
    return best;
  }
}
