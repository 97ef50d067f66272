import { permutation } from '@tfzoo/data';
import type { BatchSource } from '@tfzoo/train';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import type { LanguageModelBatch } from './languageModelTrainable';

/** One fine-tuning example: a prompt and the completion the model should learn to produce. */
export interface PromptCompletion {
  prompt: string;
  completion: string;
}

/** A tokenized example: `ids` = prompt then completion; the first `promptLength` are prompt. */
export interface EncodedExample {
  ids: Int32Array;
  promptLength: number;
}

/**
 * Fits prompt + completion (+ EOS) into blockSize + 1 tokens (a block of inputs plus the
 * last target): the prompt loses tokens from its start first, keeping at least one; a
 * completion that still does not fit loses its end. Throws on an empty completion.
 */
export function fitExample(prompt: readonly number[], completion: readonly number[], blockSize: number, eos = true): EncodedExample {
  const answer = eos ? [...completion, SPECIAL_TOKENS.EOS] : [...completion];
  if (completion.length === 0) throw new Error('expected a non-empty completion: fine-tuning learns only completion tokens');
  if (prompt.length === 0) throw new Error('expected a non-empty prompt: the first completion token needs a token before it');
  const room = blockSize + 1;
  const promptKept = Math.max(1, Math.min(prompt.length, room - answer.length));
  const answerKept = Math.min(answer.length, room - promptKept);
  const ids = Int32Array.from([...prompt.slice(prompt.length - promptKept), ...answer.slice(0, answerKept)]);
  return { ids, promptLength: promptKept };
}

/**
 * A batch of examples padded (with PAD, weight 0) to the longest: x = ids[0..n−1),
 * y = ids[1..n), and weight 1 exactly on targets that are completion tokens, so the loss is
 * the conditional −Σ log P(tᵢ | t<ᵢ, prompt) over the completion only. Padding comes last
 * and the model is causal, so it never affects the real positions.
 */
export function promptCompletionBatch(examples: readonly EncodedExample[]): LanguageModelBatch {
  if (examples.length === 0) throw new Error('expected at least one example in a batch');
  const T = Math.max(...examples.map((e) => e.ids.length - 1));
  const B = examples.length;
  const x = new Int32Array(B * T).fill(SPECIAL_TOKENS.PAD);
  const y = new Int32Array(B * T).fill(SPECIAL_TOKENS.PAD);
  const weights = new Float32Array(B * T);
  examples.forEach((e, b) => {
    const n = e.ids.length - 1;
    x.set(e.ids.subarray(0, n), b * T);
    y.set(e.ids.subarray(1), b * T);
    // Target t is token t + 1: a completion token when t + 1 >= promptLength.
    for (let t = Math.max(0, e.promptLength - 1); t < n; t++) weights[b * T + t] = 1;
  });
  return { x: { data: x, shape: [B, T] }, y: { data: y, shape: [B, T] }, weights: { data: weights, shape: [B, T] } };
}

/**
 * An endless trainer batch source over encoded prompt/completion examples: seeded shuffled
 * epochs (the last batch of an epoch may be smaller), resumable (state = epoch, position).
 */
export function promptCompletionBatches(examples: readonly EncodedExample[], batchSize: number, seed: number): BatchSource<LanguageModelBatch> {
  let epoch = 0;
  let position = 0;
  let order = permutation(examples.length, seed);
  return {
    next() {
      if (position >= examples.length) {
        epoch += 1;
        position = 0;
        order = permutation(examples.length, seed + epoch);
      }
      const picked = Array.from(order.subarray(position, position + batchSize), (i) => examples[i]);
      position += batchSize;
      return promptCompletionBatch(picked);
    },
    getState: () => ({ epoch, position }),
    setState(state) {
      ({ epoch, position } = state as { epoch: number; position: number });
      order = permutation(examples.length, seed + epoch);
    },
  };
}
