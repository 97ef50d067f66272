import type { Seq2SeqBatch, Seq2SeqDataset } from '@tfzoo/data';
import { cycleBatches, FitResult, RunOptions, TrainableModel, TrainConfig, Trainer } from '@tfzoo/train';

/** Options of {@link trainSeq2Seq}. */
export interface Seq2SeqTrainingOptions extends RunOptions {
  /** Training pairs, already tokenized (their batch options decide truncation and source EOS). */
  trainSet: Seq2SeqDataset;
  /** Held-out pairs for the validation loss; without them there is no evaluation (and no best checkpoint). */
  valSet?: Seq2SeqDataset | null;
  /** Sentence pairs per step. Default 64. */
  batchSize?: number;
  /** Steps or time budget (`maxSeconds`), learning rate, schedule, evaluation cadence (@tfzoo/train's TrainConfig). */
  trainConfig: TrainConfig;
  /** Seed of the batch order. Default 1337. */
  seed?: number;
  /** Stored in checkpoints, and checked on resume: the tokenizer(s) JSON. */
  tokenizer?: object | null;
}

/** What {@link trainSeq2Seq} returns: the trainer's result (throughput included), sentence pairs and the last validation loss. */
export interface Seq2SeqTrainingResult extends FitResult {
  /** Sentence pairs trained on in this call. */
  pairs: number;
  /** The last validation loss (per target token), or null without validation. */
  lastValLoss: number | null;
}

/**
 * Trains any encoder-decoder that takes teacher-forcing batches (the transformer, or
 * @tfzoo/rnn's `RnnSeq2Seq` as a baseline) with the same loop: length-bucketed batches
 * (every pair once per epoch, little padding), AdamW with warmup and cosine decay, and
 * the validation loss over fixed held-out batches deciding the best checkpoint. With
 * `trainConfig.maxSeconds` the run is a time budget: the cosine ends when time is up.
 *
 * @example
 * const trainSet = Seq2SeqDataset.fromPairs(pairs, en, fr, seq2seqBatchOptions(model.config()));
 * await trainSeq2Seq(model, { trainSet, trainConfig: { maxSteps: 1e6, maxSeconds: 3600, learningRate: 1e-3, warmupSteps: 400 } });
 */
export async function trainSeq2Seq(model: TrainableModel<Seq2SeqBatch>, options: Seq2SeqTrainingOptions): Promise<Seq2SeqTrainingResult> {
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize to be an integer >= 1, got ${batchSize}`);
  if (options.trainSet.size === 0) throw new Error('no training pairs: the training set is empty');
  const seed = options.seed ?? 1337;
  const source = options.trainSet.batchSource(batchSize, { seed });
  let pairs = 0;
  const train = {
    next: () => {
      const batch = source.next();
      pairs += batch.encoderInput.shape[0];
      return batch;
    },
    getState: () => source.getState(),
    setState: (state: unknown) => source.setState(state),
  };
  const valSet = options.valSet ?? null;
  // Fixed validation batches, built once, so every evaluation measures the same pairs.
  const evalSource = valSet && valSet.size > 0 ? cycleBatches([...valSet.batches(batchSize)].slice(0, options.trainConfig.evalBatches ?? 10)) : undefined;
  const trainer = new Trainer(model, options.trainConfig);
  try {
    const result = await trainer.fit({
      train,
      eval: evalSource,
      runDir: options.runDir,
      resume: options.resume,
      tokenizer: options.tokenizer ?? null,
      countTokens: countRealTokens,
      progress: options.progress,
      interrupt: options.interrupt,
      onStep: options.onStep,
      onEval: options.onEval,
    });
    return { ...result, pairs, lastValLoss: result.lastEvalLoss };
  } finally {
    trainer.dispose();
  }
}

/** Source tokens plus decoder positions, padding excluded: the work a batch holds. */
function countRealTokens(batch: Seq2SeqBatch): number {
  let n = 0;
  for (const v of batch.encoderMask.data) n += v;
  for (const v of batch.decoderMask.data) n += v;
  return n;
}
