import { BucketedBatchOrder, Random, type BatchOrderState, type RaggedInt32Array } from '@tfzoo/data';
import { NUM_SPECIAL_TOKENS, SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import type { BatchSource, ShapedArray } from '@tfzoo/train';
import { bertInputIds, bertInputLength } from './bertInputs';

/** One classifier training or evaluation batch, as typed arrays (the loss makes the tensors). */
export interface ClassifierBatch {
  /** (B, L) int32 ids, `<cls> … <sep>` then PAD. */
  ids: ShapedArray;
  /** (B,) float32 0/1 targets (binary) or int32 class ids (multi-class). */
  labels: ShapedArray;
}

/** Options of {@link classifierTrainBatches}. */
export interface ClassifierTrainBatchesOptions {
  batchSize: number;
  /** Longest row in tokens, `<cls>`/`<sep>` included. */
  maxLength: number;
  seed: number;
  /** `float32` for a sigmoid head, `int32` for a softmax head. */
  labelDtype: 'float32' | 'int32';
  /**
   * Probability of replacing each ordinary token by `<unk>` in a training batch ("word
   * dropout"): a regulariser for small datasets that also teaches the model what to do
   * with words it has never seen. Default 0.
   */
  tokenDropout?: number;
  /** See `BucketedBatchOrder`. Default 16. */
  bucketBatches?: number;
}

/** A training batch source and how many batches make one epoch. */
export interface ClassifierTrainBatches extends BatchSource<ClassifierBatch> {
  readonly batchesPerEpoch: number;
}

/**
 * Endless, seeded, length-bucketed training batches. Its state (batch position and the
 * token-dropout generator) is saved in checkpoints, so a resumed run sees the same data.
 */
export function classifierTrainBatches(sequences: RaggedInt32Array, labels: ArrayLike<number>, options: ClassifierTrainBatchesOptions): ClassifierTrainBatches {
  const tokenDropout = options.tokenDropout ?? 0;
  if (!(tokenDropout >= 0 && tokenDropout < 1)) throw new Error(`expected tokenDropout in [0, 1), got ${tokenDropout}`);
  const lengths = Int32Array.from({ length: sequences.length }, (_, i) => bertInputLength(sequences.lengthOf(i), options.maxLength));
  const order = new BucketedBatchOrder(lengths, options.batchSize, { seed: options.seed, bucketBatches: options.bucketBatches });
  const random = new Random(options.seed ^ 0x5bd1e995);
  return {
    batchesPerEpoch: order.batchesPerEpoch,
    next() {
      const batch = classifierBatch(sequences, labels, order.next(), options.maxLength, options.labelDtype);
      if (tokenDropout > 0) dropTokens(batch.ids.data as Int32Array, tokenDropout, random);
      return batch;
    },
    getState: () => ({ order: order.getState(), random: random.state }),
    setState(state: unknown) {
      const s = state as { order: BatchOrderState; random: number };
      order.setState(s?.order);
      random.state = s.random;
    },
  };
}

/**
 * Every example once, in fixed batches of similar lengths: a deterministic validation
 * set for `cycleBatches`. Returns the batches and the example index of each row.
 */
export function classifierEvalBatches(
  sequences: RaggedInt32Array,
  labels: ArrayLike<number>,
  options: { batchSize: number; maxLength: number; labelDtype: 'float32' | 'int32' },
): ClassifierBatch[] {
  const byLength = Int32Array.from({ length: sequences.length }, (_, i) => i).sort((a, b) => sequences.lengthOf(a) - sequences.lengthOf(b));
  const batches: ClassifierBatch[] = [];
  for (let start = 0; start < byLength.length; start += options.batchSize) {
    batches.push(classifierBatch(sequences, labels, byLength.subarray(start, start + options.batchSize), options.maxLength, options.labelDtype));
  }
  return batches;
}

function classifierBatch(
  sequences: RaggedInt32Array,
  labels: ArrayLike<number>,
  indices: ArrayLike<number>,
  maxLength: number,
  labelDtype: 'float32' | 'int32',
): ClassifierBatch {
  const rows = Array.from(indices, (i) => sequences.get(i));
  const ids = bertInputIds(rows, maxLength);
  const y = labelDtype === 'float32' ? new Float32Array(rows.length) : new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) y[k] = labels[indices[k]];
  return { ids: { data: ids.data, shape: ids.shape }, labels: { data: y, shape: [rows.length] } };
}

function dropTokens(ids: Int32Array, rate: number, random: Random): void {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] >= NUM_SPECIAL_TOKENS && random.nextFloat() < rate) ids[i] = SPECIAL_TOKENS.UNK;
  }
}
