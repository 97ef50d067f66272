/** Learning rate for a 0-based optimizer step. */
export type LearningRateSchedule = (step: number) => number;

/** Arguments of `cosineSchedule`. */
export interface CosineScheduleOptions {
  /** Peak learning rate, reached at the end of warmup. */
  learningRate: number;
  /** Steps of linear warmup from near zero up to `learningRate`. */
  warmupSteps: number;
  /** Step at which the cosine reaches `minLearningRate`; usually the total number of steps. */
  decaySteps: number;
  /** Floor after decay; nanoGPT uses `learningRate / 10`. */
  minLearningRate: number;
}

/**
 * Linear warmup then cosine decay to a floor, as nanoGPT's `get_lr`:
 * - step < warmup: `lr * (step + 1) / (warmup + 1)` (never exactly 0, so step 0 still learns);
 * - warmup ≤ step ≤ decaySteps: `min + 0.5 * (1 + cos(π * progress)) * (lr - min)`;
 * - step > decaySteps: `min`.
 */
export function cosineSchedule(options: CosineScheduleOptions): LearningRateSchedule {
  const { learningRate: lr, warmupSteps: warmup, decaySteps, minLearningRate: minLr } = options;
  checkRate('learningRate', lr);
  checkRate('minLearningRate', minLr);
  checkSteps('warmupSteps', warmup);
  checkSteps('decaySteps', decaySteps);
  if (minLr > lr) throw new Error(`cosineSchedule: expected minLearningRate <= learningRate (${lr}), got ${minLr}`);
  if (decaySteps <= warmup) {
    throw new Error(`cosineSchedule: expected decaySteps > warmupSteps (${warmup}), got ${decaySteps}`);
  }
  return (step: number) => {
    checkStep(step);
    if (step < warmup) return (lr * (step + 1)) / (warmup + 1);
    if (step > decaySteps) return minLr;
    const progress = (step - warmup) / (decaySteps - warmup); // in [0, 1]
    return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (lr - minLr);
  };
}

/** A constant learning rate, optionally after the same linear warmup as `cosineSchedule`. */
export function constantSchedule(learningRate: number, warmupSteps = 0): LearningRateSchedule {
  checkRate('learningRate', learningRate);
  checkSteps('warmupSteps', warmupSteps);
  return (step: number) => {
    checkStep(step);
    return step < warmupSteps ? (learningRate * (step + 1)) / (warmupSteps + 1) : learningRate;
  };
}

function checkRate(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`expected ${name} to be a finite number >= 0, got ${value}`);
}

function checkSteps(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`expected ${name} to be an integer >= 0, got ${value}`);
}

function checkStep(step: number): void {
  if (!Number.isInteger(step) || step < 0) throw new Error(`expected a step that is an integer >= 0, got ${step}`);
}
