import { BucketedBatchOrder, Random, type BatchOrderState, type RaggedInt32Array } from '@tfzoo/data';
import type { BatchSource, ShapedArray } from '@tfzoo/train';
import { bertInputIds, bertInputLength } from './bertInputs';
import type { MlmMasker } from './MlmMasker';

/** One masked-language-model batch, as typed arrays. */
export interface MaskedLMBatch {
  /** (B, T) corrupted ids, `<cls> … <sep>` then PAD. */
  ids: ShapedArray;
  /** (N,) the chosen tokens as flat indices `b·T + t` (see `MaskedLMHead`). */
  positions: ShapedArray;
  /** (N,) original ids there. */
  targets: ShapedArray;
  /** (N,) 1 per prediction; a batch in which nothing was chosen holds one slot of weight 0, so its loss is 0. */
  weights: ShapedArray;
}

/** Options of the masked-LM batch functions. */
export interface MaskedLMBatchOptions {
  batchSize: number;
  /** Longest row in tokens, `<cls>`/`<sep>` included. */
  maxLength: number;
  seed: number;
}

/** A training batch source and how many batches make one epoch. */
export interface MaskedLMTrainBatches extends BatchSource<MaskedLMBatch> {
  readonly batchesPerEpoch: number;
}

/**
 * Endless, length-bucketed batches of freshly masked texts: each epoch masks each text
 * anew (BERT's "dynamic masking", as RoBERTa). The state (batch position and the
 * masking generator) goes into checkpoints.
 */
export function maskedLMTrainBatches(sequences: RaggedInt32Array, masker: MlmMasker, options: MaskedLMBatchOptions): MaskedLMTrainBatches {
  const lengths = Int32Array.from({ length: sequences.length }, (_, i) => bertInputLength(sequences.lengthOf(i), options.maxLength));
  const order = new BucketedBatchOrder(lengths, options.batchSize, { seed: options.seed });
  const random = new Random(options.seed ^ 0x27d4eb2f);
  return {
    batchesPerEpoch: order.batchesPerEpoch,
    next: () => maskedBatch(sequences, order.next(), masker, random, options.maxLength),
    getState: () => ({ order: order.getState(), random: random.state }),
    setState(state: unknown) {
      const s = state as { order: BatchOrderState; random: number };
      order.setState(s?.order);
      random.state = s.random;
    },
  };
}

/** Every text once, masked once with a fixed seed: the same validation batches at every evaluation. */
export function maskedLMEvalBatches(sequences: RaggedInt32Array, masker: MlmMasker, options: MaskedLMBatchOptions): MaskedLMBatch[] {
  const byLength = Int32Array.from({ length: sequences.length }, (_, i) => i).sort((a, b) => sequences.lengthOf(a) - sequences.lengthOf(b));
  const random = new Random(options.seed);
  const batches: MaskedLMBatch[] = [];
  for (let start = 0; start < byLength.length; start += options.batchSize) {
    batches.push(maskedBatch(sequences, byLength.subarray(start, start + options.batchSize), masker, random, options.maxLength));
  }
  return batches;
}

function maskedBatch(sequences: RaggedInt32Array, indices: ArrayLike<number>, masker: MlmMasker, random: Random, maxLength: number): MaskedLMBatch {
  const ids = bertInputIds(Array.from(indices, (i) => sequences.get(i)), maxLength);
  const m = masker.mask(ids.data, ids.shape, random);
  const N = m.flatPositions.length;
  // Zero predictions would make zero-sized tensors; one weightless slot keeps shapes simple.
  const positions = N > 0 ? m.flatPositions : new Int32Array(1);
  const targets = N > 0 ? m.flatTargets : new Int32Array(1);
  const weights = N > 0 ? new Float32Array(N).fill(1) : new Float32Array(1);
  return {
    ids: { data: m.inputIds, shape: [...m.shape] },
    positions: { data: positions, shape: [positions.length] },
    targets: { data: targets, shape: [targets.length] },
    weights: { data: weights, shape: [weights.length] },
  };
}
