import { LearningRateSchedule, constantSchedule, cosineSchedule } from './learningRateSchedule';

/**
 * How to train: one plain object with defaults, like the globals at the top
 * of nanoGPT's `train.py`. Saved in every checkpoint.
 */
export interface TrainConfig {
  /** Total optimizer steps (nanoGPT `max_iters`). */
  maxSteps: number;
  /** Peak learning rate (default 1e-3). */
  learningRate?: number;
  /** `cosine`: warmup then cosine decay to `minLearningRate` (default); `constant`: warmup then flat. */
  schedule?: 'cosine' | 'constant';
  /** Linear warmup steps (default 0). */
  warmupSteps?: number;
  /** Step where the cosine reaches its floor (default `maxSteps`; fix it when training in several runs). */
  decaySteps?: number;
  /** Cosine floor (default `learningRate / 10`, as nanoGPT). */
  minLearningRate?: number;
  /** AdamW decoupled weight decay for weights of rank ≥ 2 (default 0.1, as nanoGPT). */
  weightDecay?: number;
  /** AdamW β1 (default 0.9). */
  beta1?: number;
  /** AdamW β2 (default 0.95, as nanoGPT; PyTorch's default is 0.999). */
  beta2?: number;
  /** AdamW ε (default 1e-8). */
  epsilon?: number;
  /** Clip gradients to this global norm; 0 turns clipping off (default 1.0). */
  gradClip?: number;
  /** Micro-batches per optimizer step, averaged (default 1). */
  gradientAccumulationSteps?: number;
  /** Evaluate every this many steps, and at the last step (default 100). */
  evalEvery?: number;
  /** Batches per evaluation; the eval loss is their mean (default 10). */
  evalBatches?: number;
  /** Stop after this many evaluations in a row without improvement (default: never). */
  patience?: number | null;
  /**
   * Wall-clock budget in seconds (training and evaluation, summed over resumes), or null
   * for none (default). When set, training stops once it is spent (stop reason
   * `timeBudget`, after a final evaluation), and the cosine decay follows the
   * spent fraction of the budget whenever that is ahead of `step / decaySteps`,
   * so the learning rate reaches its floor when the time is up however fast the
   * machine is. Set `maxSteps` high to let time alone decide.
   */
  maxSeconds?: number | null;
  /** Improvement smaller than this does not reset patience (default 0). */
  minDelta?: number;
  /** Write a train record to metrics.jsonl (and a line when not on a TTY) every this many steps (default 10). */
  logEvery?: number;
  /** Save the resumable checkpoint every this many steps (default `evalEvery`), and always at the end. */
  checkpointEvery?: number;
  /** After training, load the best checkpoint's weights back into the model (default false; needs a run folder). */
  restoreBestWeights?: boolean;
}

/** A `TrainConfig` with every default filled in. */
export type ResolvedTrainConfig = Required<Omit<TrainConfig, 'patience' | 'maxSeconds'>> & { patience: number | null; maxSeconds: number | null };

/** Fills in defaults and checks every value, naming the bad one. */
export function resolveTrainConfig(config: TrainConfig): ResolvedTrainConfig {
  const learningRate = config.learningRate ?? 1e-3;
  const evalEvery = config.evalEvery ?? 100;
  const resolved: ResolvedTrainConfig = {
    maxSteps: config.maxSteps,
    learningRate,
    schedule: config.schedule ?? 'cosine',
    warmupSteps: config.warmupSteps ?? 0,
    decaySteps: config.decaySteps ?? config.maxSteps,
    minLearningRate: config.minLearningRate ?? learningRate / 10,
    weightDecay: config.weightDecay ?? 0.1,
    beta1: config.beta1 ?? 0.9,
    beta2: config.beta2 ?? 0.95,
    epsilon: config.epsilon ?? 1e-8,
    gradClip: config.gradClip ?? 1.0,
    gradientAccumulationSteps: config.gradientAccumulationSteps ?? 1,
    evalEvery,
    evalBatches: config.evalBatches ?? 10,
    patience: config.patience ?? null,
    maxSeconds: config.maxSeconds ?? null,
    minDelta: config.minDelta ?? 0,
    logEvery: config.logEvery ?? 10,
    checkpointEvery: config.checkpointEvery ?? evalEvery,
    restoreBestWeights: config.restoreBestWeights ?? false,
  };
  const positiveInts = ['maxSteps', 'gradientAccumulationSteps', 'evalEvery', 'evalBatches', 'logEvery', 'checkpointEvery'] as const;
  for (const key of positiveInts) {
    const v = resolved[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`TrainConfig.${key}: expected an integer >= 1, got ${v}`);
  }
  for (const key of ['warmupSteps', 'decaySteps'] as const) {
    const v = resolved[key];
    if (!Number.isInteger(v) || v < 0) throw new Error(`TrainConfig.${key}: expected an integer >= 0, got ${v}`);
  }
  for (const key of ['learningRate', 'minLearningRate', 'weightDecay', 'gradClip', 'minDelta', 'epsilon'] as const) {
    const v = resolved[key];
    if (!Number.isFinite(v) || v < 0) throw new Error(`TrainConfig.${key}: expected a finite number >= 0, got ${v}`);
  }
  if (resolved.schedule !== 'cosine' && resolved.schedule !== 'constant') {
    throw new Error(`TrainConfig.schedule: expected 'cosine' or 'constant', got '${resolved.schedule}'`);
  }
  if (resolved.patience !== null && (!Number.isInteger(resolved.patience) || resolved.patience < 1)) {
    throw new Error(`TrainConfig.patience: expected an integer >= 1 or null, got ${resolved.patience}`);
  }
  if (resolved.maxSeconds !== null && !(Number.isFinite(resolved.maxSeconds) && resolved.maxSeconds > 0)) {
    throw new Error(`TrainConfig.maxSeconds: expected a number > 0 or null, got ${resolved.maxSeconds}`);
  }
  scheduleOf(resolved); // validates the schedule's own constraints (decaySteps > warmupSteps, min <= peak)
  return resolved;
}

/** The learning-rate schedule a resolved config describes. */
export function scheduleOf(config: ResolvedTrainConfig): LearningRateSchedule {
  if (config.schedule === 'constant') return constantSchedule(config.learningRate, config.warmupSteps);
  return cosineSchedule({
    learningRate: config.learningRate,
    warmupSteps: config.warmupSteps,
    decaySteps: config.decaySteps,
    minLearningRate: config.minLearningRate,
  });
}
