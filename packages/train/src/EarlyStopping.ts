/** Constructor arguments of `EarlyStopping`. */
export interface EarlyStoppingOptions {
  /** Evaluations in a row without improvement before stopping (default: never stop, only track the best). */
  patience?: number;
  /** `min` for losses (default), `max` for accuracy-like metrics. */
  mode?: 'min' | 'max';
  /** How much better than the best a value must be to count as an improvement (default 0). */
  minDelta?: number;
}

/** What `EarlyStopping.update` concluded about one evaluation. */
export interface EarlyStoppingDecision {
  /** This value is the new best: save the best checkpoint. */
  improved: boolean;
  /** Patience is used up: stop training. */
  stop: boolean;
}

/** An `EarlyStopping`'s state, saved in checkpoints so a resumed run keeps its patience count. */
export interface EarlyStoppingState {
  best: number | null;
  bestStep: number | null;
  evaluationsWithoutImprovement: number;
}

/**
 * Tracks the best value of a validation metric and says when to stop: after
 * `patience` evaluations in a row that fail to beat the best by `minDelta`.
 * A NaN value never counts as an improvement.
 *
 * @example
 * const stopper = new EarlyStopping({ patience: 3 });
 * for (const loss of [3, 2, 2.5, 2.4, 2.2]) stopper.update(loss, step);   // stops on the third miss
 */
export class EarlyStopping {
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  private bestValue: number | null = null;
  private bestAt: number | null = null;
  private misses = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    this.patience = options.patience ?? Infinity;
    this.mode = options.mode ?? 'min';
    this.minDelta = options.minDelta ?? 0;
    if (!(this.patience >= 1)) throw new Error(`EarlyStopping: expected patience >= 1, got ${this.patience}`);
    if (!(this.minDelta >= 0)) throw new Error(`EarlyStopping: expected minDelta >= 0, got ${this.minDelta}`);
    if (this.mode !== 'min' && this.mode !== 'max') throw new Error(`EarlyStopping: expected mode 'min' or 'max', got '${this.mode}'`);
  }

  /** The best value seen, or null before the first evaluation. */
  get best(): number | null {
    return this.bestValue;
  }

  /** The step at which the best value was seen. */
  get bestStep(): number | null {
    return this.bestAt;
  }

  /** Evaluations since the last improvement. */
  get evaluationsWithoutImprovement(): number {
    return this.misses;
  }

  /** Whether `value` would be an improvement over the best so far. */
  isImprovement(value: number): boolean {
    if (Number.isNaN(value)) return false;
    if (this.bestValue === null) return true;
    return this.mode === 'min' ? value < this.bestValue - this.minDelta : value > this.bestValue + this.minDelta;
  }

  /** Records one evaluation at `step`. */
  update(value: number, step: number): EarlyStoppingDecision {
    const improved = this.isImprovement(value);
    if (improved) {
      this.bestValue = value;
      this.bestAt = step;
      this.misses = 0;
    } else {
      this.misses++;
    }
    return { improved, stop: this.misses >= this.patience };
  }

  getState(): EarlyStoppingState {
    return { best: this.bestValue, bestStep: this.bestAt, evaluationsWithoutImprovement: this.misses };
  }

  setState(state: EarlyStoppingState): void {
    this.bestValue = state.best;
    this.bestAt = state.bestStep;
    this.misses = state.evaluationsWithoutImprovement;
  }
}
