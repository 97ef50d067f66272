import type { Tokenizer } from '@tfzoo/tokenizers';
import { batchIndices, type BatchOrderOptions } from './batchIndices';
import { BucketedBatchOrder, type BatchOrderState } from './BucketedBatchOrder';
import { encodeEach } from './encodeCorpus';
import type { RaggedInt32Array } from './RaggedInt32Array';
import type { SentencePair } from './readSentencePairs';
import { makeSeq2SeqBatch, type Seq2SeqBatch, type Seq2SeqBatchOptions } from './seq2seqBatch';

/**
 * Tokenized sentence pairs that come out as teacher-forcing batches
 * (encoder input, `[BOS] target` decoder input, `target [EOS]` labels, masks).
 *
 *     const pairs = readSentencePairs('data/translation/tatoeba_en_fr_train.tsv');
 *     const ds = Seq2SeqDataset.fromPairs(pairs, enTokenizer, frTokenizer, { maxSourceLength: 32, maxTargetLength: 32 });
 *     for (const b of ds.batches(64, { seed: epoch })) { ... }
 *
 * Sources and targets are held as two {@link RaggedInt32Array}s.
 */
export class Seq2SeqDataset {
  /** Source token ids, one sequence per pair, without special tokens. */
  readonly sources: RaggedInt32Array;
  /** Target token ids, without BOS/EOS (the batch adds them). */
  readonly targets: RaggedInt32Array;
  /** Truncation and source-EOS settings used for every batch. */
  readonly options: Seq2SeqBatchOptions;

  constructor(sources: RaggedInt32Array, targets: RaggedInt32Array, options: Seq2SeqBatchOptions = {}) {
    if (sources.length !== targets.length) {
      throw new Error(`expected as many targets as sources (${sources.length}), got ${targets.length}`);
    }
    this.sources = sources;
    this.targets = targets;
    this.options = { ...options };
    // Fail on bad options now rather than at the first batch.
    makeSeq2SeqBatch([], [], this.options);
  }

  /**
   * Encodes both sides; `targetTokenizer` defaults to `sourceTokenizer` (one
   * shared vocabulary, as in many translation models).
   */
  static fromPairs(
    pairs: readonly SentencePair[],
    sourceTokenizer: Tokenizer,
    targetTokenizer: Tokenizer = sourceTokenizer,
    options: Seq2SeqBatchOptions = {},
  ): Seq2SeqDataset {
    const sources = encodeEach(sourceTokenizer, pairs.map((p) => p.source));
    const targets = encodeEach(targetTokenizer, pairs.map((p) => p.target));
    return new Seq2SeqDataset(sources, targets, options);
  }

  /** Number of pairs. */
  get size(): number {
    return this.sources.length;
  }

  /** The batch of the pairs at `indices`, in that order. */
  batch(indices: ArrayLike<number>): Seq2SeqBatch {
    const src: Int32Array[] = [];
    const tgt: Int32Array[] = [];
    for (let k = 0; k < indices.length; k++) {
      src.push(this.sources.get(indices[k]));
      tgt.push(this.targets.get(indices[k]));
    }
    return makeSeq2SeqBatch(src, tgt, this.options);
  }

  /**
   * An endless, seeded, resumable source of training batches (the trainer's
   * `BatchSource`): every pair once per epoch, grouped with pairs of similar
   * length so little of each batch is padding. Tatoeba's sentences run from 1 to
   * over 100 tokens, so random batches would be mostly padding.
   */
  batchSource(batchSize: number, options: { seed: number; bucketBatches?: number }): Seq2SeqBatchSource {
    const lengths = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) lengths[i] = Math.max(this.sources.lengthOf(i), this.targets.lengthOf(i));
    const order = new BucketedBatchOrder(lengths, batchSize, options);
    return {
      next: () => this.batch(order.next()),
      getState: () => order.getState(),
      setState: (state: unknown) => order.setState(state),
    };
  }

  /** One epoch of batches: every pair once, shuffled when `seed` is given. */
  *batches(batchSize: number, order: BatchOrderOptions = {}): Generator<Seq2SeqBatch> {
    for (const indices of batchIndices(this.size, batchSize, order)) yield this.batch(indices);
  }
}

/** What {@link Seq2SeqDataset.batchSource} returns: structurally a @tfzoo/train `BatchSource`. */
export interface Seq2SeqBatchSource {
  next(): Seq2SeqBatch;
  getState(): BatchOrderState;
  setState(state: unknown): void;
}
