import { validateIds } from '@tfzoo/tokenizers';
import { createIntMatrix, type IntMatrix } from './IntMatrix';
import { Random } from './Random';

/** Constructor arguments of {@link LmDataset}. */
export interface LmDatasetOptions {
  /** Context length T: each example is T input tokens and the T tokens that follow them. */
  blockSize: number;
  /** Seed of the generator that picks random windows. Default 1337 (nanoGPT's). */
  seed?: number;
  /** If given, every id is checked once to lie in [0, vocabSize). */
  vocabSize?: number;
}

/** Inputs and next-token targets; both (B, T), with `y[b, t] = x[b, t + 1]` for t < T - 1. */
export interface LmBatch {
  /** (B, T) input ids. */
  x: IntMatrix;
  /** (B, T) target ids: the stream shifted left by one. */
  y: IntMatrix;
}

/**
 * Next-token batches from one token stream, as nanoGPT's `get_batch` builds
 * them: a window of T + 1 consecutive tokens starting at a uniform random
 * offset in [0, N - T), x = window[0..T), y = window[1..T+1).
 *
 *     const ds = new LmDataset(trainIds, { blockSize: 64, seed: 1 });
 *     const { x, y } = ds.sampleBatch(32);          // (32, 64) each
 *     for (const b of valDs.evalBatches(32)) { ... } // every window once
 *
 * `sampleBatch` samples with replacement, so training can draw any number of
 * steps; `evalBatches` walks the stream in non-overlapping windows for a
 * deterministic validation loss. The stream is held as an Int32Array and never
 * copied; batches are fresh arrays.
 */
export class LmDataset {
  /** The token stream (not copied). */
  readonly tokens: Int32Array;
  /** Context length T. */
  readonly blockSize: number;
  /** The generator behind `sampleBatch`; save `random.state` to resume the same batches. */
  readonly random: Random;

  constructor(tokens: Int32Array, options: LmDatasetOptions) {
    const { blockSize } = options;
    if (!(tokens instanceof Int32Array)) throw new Error('expected the token stream as an Int32Array');
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new Error(`expected blockSize >= 1, got ${blockSize}`);
    if (tokens.length < blockSize + 1) {
      throw new Error(`expected at least blockSize + 1 = ${blockSize + 1} tokens, got ${tokens.length}`);
    }
    if (options.vocabSize !== undefined) validateIds(tokens, options.vocabSize, 'of the token stream');
    this.tokens = tokens;
    this.blockSize = blockSize;
    this.random = new Random(options.seed ?? 1337);
  }

  /** Number of tokens in the stream. */
  get numTokens(): number {
    return this.tokens.length;
  }

  /** Number of distinct window starts `sampleBatch` draws from: N - T. */
  get numWindows(): number {
    return this.tokens.length - this.blockSize;
  }

  /** Number of non-overlapping windows `evalBatches` visits: floor((N - 1) / T). */
  get numEvalWindows(): number {
    return Math.floor((this.tokens.length - 1) / this.blockSize);
  }

  /** B windows at random offsets (with replacement). */
  sampleBatch(batchSize: number): LmBatch {
    checkBatchSize(batchSize);
    const starts = new Array<number>(batchSize);
    for (let b = 0; b < batchSize; b++) starts[b] = this.random.nextInt(this.numWindows);
    return this.windows(starts);
  }

  /**
   * The stream cut into consecutive windows starting at 0, T, 2T, ... (the
   * last partial window is dropped), `batchSize` windows per batch; the last
   * batch may be smaller. `maxBatches` stops early for a quick estimate.
   */
  *evalBatches(batchSize: number, options: { maxBatches?: number } = {}): Generator<LmBatch> {
    checkBatchSize(batchSize);
    const total = this.numEvalWindows;
    const maxBatches = options.maxBatches ?? Infinity;
    for (let first = 0, k = 0; first < total && k < maxBatches; first += batchSize, k++) {
      const count = Math.min(batchSize, total - first);
      const starts = new Array<number>(count);
      for (let b = 0; b < count; b++) starts[b] = (first + b) * this.blockSize;
      yield this.windows(starts);
    }
  }

  /** The batch whose windows start at `starts`; exposed for custom samplers. */
  windows(starts: readonly number[]): LmBatch {
    const T = this.blockSize;
    const x = createIntMatrix(starts.length, T);
    const y = createIntMatrix(starts.length, T);
    for (let b = 0; b < starts.length; b++) {
      const s = starts[b];
      if (!Number.isInteger(s) || s < 0 || s > this.numWindows - 1) {
        throw new Error(`expected window starts in [0, ${this.numWindows}), got ${s} at ${b}`);
      }
      x.data.set(this.tokens.subarray(s, s + T), b * T);
      y.data.set(this.tokens.subarray(s + 1, s + T + 1), b * T);
    }
    return { x, y };
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize >= 1, got ${batchSize}`);
}
