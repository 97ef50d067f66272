import { LmDataset } from '@tfzoo/data';
import { BatchSource, cycleBatches, FitResult, RunOptions, TrainConfig, Trainer } from '@tfzoo/train';
import type { GPT } from './GPT';
import type { LanguageModelBatch } from './languageModelTrainable';

/** Options of {@link trainLanguageModel}. */
export interface LanguageModelTrainingOptions extends RunOptions {
  /** The training token stream (e.g. the first 90 % of a corpus). */
  trainIds: Int32Array;
  /** The validation stream; without it there is no evaluation (and no best checkpoint). */
  valIds?: Int32Array | null;
  /** Windows of blockSize tokens per step. Default 12 (nanoGPT's CPU run). */
  batchSize?: number;
  /** Steps, learning rate, schedule, evaluation cadence… (@tfzoo/train's TrainConfig). */
  trainConfig: TrainConfig;
  /** Seed of the training windows and of the validation windows (seed + 1). Default 1337. */
  seed?: number;
}

/** What {@link trainLanguageModel} returns: the trainer's result (throughput included) and the last validation loss. */
export interface LanguageModelTrainingResult extends FitResult {
  /** The last validation loss, or null without validation. */
  lastValLoss: number | null;
}

/**
 * Trains a GPT on a token stream as nanoGPT's `train.py` does: each step takes `batchSize`
 * windows of blockSize + 1 tokens at random offsets (x = window[0..T), y = window[1..T]),
 * AdamW with warmup and cosine decay, gradient clipping; every `evalEvery` steps the mean
 * loss over `evalBatches` fixed validation batches (random windows drawn once, so every
 * evaluation sees the same data) decides the best checkpoint.
 *
 * @example
 * const ids = encodeText(tokenizer, text);
 * const { train, val } = splitByFraction(ids, { valFraction: 0.1 });
 * await trainLanguageModel(gpt, { trainIds: train, valIds: val, trainConfig: { maxSteps: 2000, learningRate: 1e-3, warmupSteps: 100 } });
 */
export async function trainLanguageModel(gpt: GPT, options: LanguageModelTrainingOptions): Promise<LanguageModelTrainingResult> {
  const T = gpt.config.blockSize;
  const batchSize = options.batchSize ?? 12;
  const seed = options.seed ?? 1337;
  const train = lmBatches(new LmDataset(options.trainIds, { blockSize: T, seed, vocabSize: gpt.config.vocabSize }), batchSize);
  let evalSource: BatchSource<LanguageModelBatch> | undefined;
  if (options.valIds) {
    const val = new LmDataset(options.valIds, { blockSize: T, seed: seed + 1, vocabSize: gpt.config.vocabSize });
    const count = options.trainConfig.evalBatches ?? 10;
    evalSource = cycleBatches(Array.from({ length: count }, () => val.sampleBatch(batchSize)));
  }
  const trainer = new Trainer(gpt.trainable(), options.trainConfig);
  try {
    const result = await trainer.fit({
      train,
      eval: evalSource,
      runDir: options.runDir,
      resume: options.resume,
      tokenizer: gpt.tokenizer,
      countTokens: (b) => b.x.data.length,
      progress: options.progress,
      interrupt: options.interrupt,
      onStep: options.onStep,
      onEval: options.onEval,
    });
    return { ...result, lastValLoss: result.lastEvalLoss };
  } finally {
    trainer.dispose();
  }
}

/** Random training windows from a dataset; its state is the generator's, so resuming continues the sequence. */
function lmBatches(dataset: LmDataset, batchSize: number): BatchSource<LanguageModelBatch> {
  return {
    next: () => dataset.sampleBatch(batchSize),
    getState: () => dataset.random.state,
    setState: (state) => {
      dataset.random.state = state as number;
    },
  };
}
