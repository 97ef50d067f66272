import { BatchSource, cycleBatches, FitResult, ProgressLineOptions, TrainConfig, Trainer } from '@tfzoo/train';
import type { GPT } from './GPT';
import type { LanguageModelBatch } from './languageModelTrainable';
import { EncodedExample, fitExample, PromptCompletion, promptCompletionBatch, promptCompletionBatches } from './promptCompletionBatch';

/** Options of {@link fineTune}. */
export interface FineTuneOptions {
  /** Passes over the examples (ignored when `trainConfig.maxSteps` is given). Default 3. */
  epochs?: number;
  /** Examples per step. Default 8. */
  batchSize?: number;
  /** Overrides of the training config. Defaults: lr 3e-4 with 10 % warmup, cosine, weight decay 0.1, no evaluation. */
  trainConfig?: Partial<TrainConfig>;
  /** Held-out pairs: evaluated every `trainConfig.evalEvery` steps (loss on their completions). */
  validation?: readonly PromptCompletion[];
  /** End each completion with EOS, so the model learns to stop. Default true. */
  eos?: boolean;
  /** Seed of the example order. Default 0. */
  seed?: number;
  /** Run folder for checkpoints and metrics (see @tfzoo/train). Default: nothing written. */
  runDir?: string;
  /** Progress line options, or false for silence (default: a progress line on stderr). */
  progress?: ProgressLineOptions | false;
}

/**
 * Fine-tunes a GPT on (prompt, completion) pairs with the conditional objective
 * L = −Σ log P(tᵢ | t<ᵢ, prompt): each example is prompt + completion (+ EOS), and only
 * completion targets have loss weight 1; prompt tokens and padding have weight 0, so
 * the model is never trained to produce prompts. Long examples keep the end of the prompt
 * and the start of the completion (see `fitExample`).
 *
 * @example
 * await fineTune(gpt, [{ prompt: 'Q: 2+2?\nA:', completion: ' 4' }, …], { epochs: 5 });
 */
export async function fineTune(gpt: GPT, pairs: readonly PromptCompletion[], options: FineTuneOptions = {}): Promise<FitResult> {
  const eos = options.eos ?? true;
  const batchSize = options.batchSize ?? 8;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize >= 1, got ${batchSize}`);
  const examples = encodePairs(gpt, pairs, eos, 'example');
  const stepsPerEpoch = Math.ceil(examples.length / batchSize);
  const maxSteps = options.trainConfig?.maxSteps ?? stepsPerEpoch * (options.epochs ?? 3);
  const config: TrainConfig = {
    learningRate: 3e-4,
    warmupSteps: Math.floor(maxSteps / 10),
    evalEvery: Math.max(1, stepsPerEpoch),
    ...options.trainConfig,
    maxSteps,
  };
  let evalSource: BatchSource<LanguageModelBatch> | undefined;
  if (options.validation && options.validation.length > 0) {
    const held = encodePairs(gpt, options.validation, eos, 'validation example');
    const batches: LanguageModelBatch[] = [];
    for (let i = 0; i < held.length; i += batchSize) batches.push(promptCompletionBatch(held.slice(i, i + batchSize)));
    evalSource = cycleBatches(batches);
    config.evalBatches = batches.length;
  }
  const trainer = new Trainer(gpt.trainable(), config);
  try {
    return await trainer.fit({
      train: promptCompletionBatches(examples, batchSize, options.seed ?? 0),
      eval: evalSource,
      runDir: options.runDir,
      tokenizer: gpt.tokenizer,
      countTokens: (b) => b.x.data.length,
      progress: options.progress,
    });
  } finally {
    trainer.dispose();
  }
}

function encodePairs(gpt: GPT, pairs: readonly PromptCompletion[], eos: boolean, what: string): EncodedExample[] {
  if (pairs.length === 0) throw new Error('expected at least one (prompt, completion) pair to fine-tune on, got none');
  return pairs.map((p, i) => {
    try {
      return fitExample(gpt.encode(p.prompt, 'the prompt'), gpt.encode(p.completion, 'the completion'), gpt.config.blockSize, eos);
    } catch (e) {
      throw new Error(`${what} ${i}: ${(e as Error).message}`);
    }
  });
}
