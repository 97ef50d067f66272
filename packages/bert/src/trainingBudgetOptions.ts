import type { ProgressLineOptions } from '@tfzoo/train';

/** How long and how fast a bert training run goes; shared by fine-tuning and MLM pre-training. */
export interface TrainingBudgetOptions {
  /** Examples (texts) per step. Default 32. */
  batchSize?: number;
  /** Passes over the training texts. Default 10. Ignored when `maxSteps` is given. */
  epochs?: number;
  /** Optimizer steps (instead of `epochs`). */
  maxSteps?: number;
  /** Peak learning rate (AdamW, linear warmup then cosine decay to a tenth). Default 1e-3. */
  learningRate?: number;
  /** Warmup steps. Default 6 % of the steps (BERT: 10 % of a few epochs). */
  warmupSteps?: number;
  /** AdamW decoupled weight decay on matrices. Default 0.01 (BERT). */
  weightDecay?: number;
  /** Evaluate on the held-out texts every this many steps. Default: once per epoch. */
  evalEvery?: number;
  /** Stop after this many evaluations without improvement. Default 3 with held-out texts, never without. */
  patience?: number | null;
  /** Seed of the split, batch order and masking or token dropout. Default 0. */
  seed?: number;
  /** Continue from `<runDir>/checkpoint` if it exists. Default false. */
  resume?: boolean;
  /** Progress line options, or false for silence. */
  progress?: ProgressLineOptions | false;
}
