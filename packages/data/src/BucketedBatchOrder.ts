import { Random } from './Random';
import { permutation } from './shuffle';

/** Options of {@link BucketedBatchOrder}. */
export interface BucketedBatchOrderOptions {
  /** Seed of the shuffles; epoch e uses its own generator derived from it, so any position can be restored. */
  seed: number;
  /**
   * Batches per length bucket: each epoch's shuffled examples are cut into runs of
   * `batchSize · bucketBatches`, each run is sorted by length and cut into batches, and
   * the batches are shuffled. Batches then hold similar lengths (little padding) but
   * still differ from epoch to epoch. 1 turns bucketing off. Default 16.
   */
  bucketBatches?: number;
}

/** Where a {@link BucketedBatchOrder} is: saved in checkpoints so a resumed run sees the same batches. */
export interface BatchOrderState {
  epoch: number;
  /** Batches already given out in this epoch. */
  batch: number;
}

/**
 * An endless, seeded sequence of index batches over `lengths.length` examples: every
 * example once per epoch, in batches of similar lengths (see `bucketBatches`). The
 * last batch of an epoch may be smaller.
 *
 * @example
 * const order = new BucketedBatchOrder(lengths, 32, { seed: 0 });
 * const indices = order.next(); // Int32Array of up to 32 example indices
 */
export class BucketedBatchOrder {
  readonly batchSize: number;
  readonly seed: number;
  readonly bucketBatches: number;
  private readonly lengths: ArrayLike<number>;
  private epochBatches: Int32Array[] = [];
  private state: BatchOrderState = { epoch: 0, batch: 0 };

  constructor(lengths: ArrayLike<number>, batchSize: number, options: BucketedBatchOrderOptions) {
    if (lengths.length === 0) throw new Error('BucketedBatchOrder: expected at least one example, got none');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`BucketedBatchOrder: expected batchSize >= 1, got ${batchSize}`);
    const bucketBatches = options.bucketBatches ?? 16;
    if (!Number.isInteger(bucketBatches) || bucketBatches < 1) throw new Error(`BucketedBatchOrder: expected bucketBatches >= 1, got ${bucketBatches}`);
    if (!Number.isInteger(options.seed)) throw new Error(`BucketedBatchOrder: expected an integer seed, got ${options.seed}`);
    this.lengths = lengths;
    this.batchSize = batchSize;
    this.seed = options.seed;
    this.bucketBatches = bucketBatches;
    this.epochBatches = this.planEpoch(0);
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.lengths.length / this.batchSize);
  }

  /** The next batch of example indices. */
  next(): Int32Array {
    if (this.state.batch >= this.epochBatches.length) {
      this.state = { epoch: this.state.epoch + 1, batch: 0 };
      this.epochBatches = this.planEpoch(this.state.epoch);
    }
    return this.epochBatches[this.state.batch++];
  }

  getState(): BatchOrderState {
    return { ...this.state };
  }

  setState(state: unknown): void {
    const s = state as BatchOrderState;
    if (typeof s !== 'object' || s === null || !Number.isInteger(s.epoch) || !Number.isInteger(s.batch) || s.epoch < 0 || s.batch < 0 || s.batch > this.batchesPerEpoch) {
      throw new Error(`BucketedBatchOrder: expected a state { epoch, batch } with batch in [0, ${this.batchesPerEpoch}], got ${JSON.stringify(state)}`);
    }
    this.state = { epoch: s.epoch, batch: s.batch };
    this.epochBatches = this.planEpoch(s.epoch);
  }

  private planEpoch(epoch: number): Int32Array[] {
    // A generator per epoch (not one running generator) so setState needs no replay.
    const random = new Random((this.seed * 1_000_003 + epoch * 7_919) >>> 0);
    const order = permutation(this.lengths.length, random);
    const run = this.batchSize * this.bucketBatches;
    const batches: Int32Array[] = [];
    for (let start = 0; start < order.length; start += run) {
      const bucket = order.slice(start, start + run);
      if (this.bucketBatches > 1) bucket.sort((a, b) => this.lengths[a] - this.lengths[b]);
      for (let b = 0; b < bucket.length; b += this.batchSize) batches.push(bucket.slice(b, b + this.batchSize));
    }
    // Shuffle the batches so lengths do not rise and fall in a pattern across the epoch.
    for (let i = batches.length - 1; i > 0; i--) {
      const j = random.nextInt(i + 1);
      [batches[i], batches[j]] = [batches[j], batches[i]];
    }
    return batches;
  }
}
