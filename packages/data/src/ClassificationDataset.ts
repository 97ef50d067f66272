import type { Tokenizer } from '@tfzoo/tokenizers';
import { batchIndices, type BatchOrderOptions } from './batchIndices';
import { makeClassificationBatch, makeLabelVector, type ClassificationBatch, type ClassificationBatchOptions } from './classificationBatch';
import { encodeEach } from './encodeCorpus';
import type { RaggedInt32Array } from './RaggedInt32Array';
import type { LabelledExample } from './readLabelledText';

/**
 * Tokenized, labelled texts that come out as padded batches.
 *
 *     const train = ClassificationDataset.fromExamples(readLabelledText(path), tokenizer,
 *       { maxLength: 128, startId: SPECIAL_TOKENS.CLS, endId: SPECIAL_TOKENS.SEP });
 *     for (const batch of train.batches(32, { seed: epoch })) { ... } // inputIds, mask: (32, L); labels: (32,)
 *
 * Token ids are held in one {@link RaggedInt32Array}; the batch options
 * (`maxLength`, `startId`/`endId`, `labelDtype`) are fixed per dataset, so
 * every batch is built the same way.
 */
export class ClassificationDataset {
  /** One token sequence per example, without special tokens. */
  readonly sequences: RaggedInt32Array;
  /** One label per example (class id or value). */
  readonly labels: Float64Array;
  /** How rows are wrapped, truncated and labelled. */
  readonly options: ClassificationBatchOptions;

  constructor(sequences: RaggedInt32Array, labels: ArrayLike<number>, options: ClassificationBatchOptions = {}) {
    if (labels.length !== sequences.length) {
      throw new Error(`expected one label per sequence (${sequences.length}), got ${labels.length} labels`);
    }
    this.sequences = sequences;
    this.labels = Float64Array.from(labels);
    this.options = { ...options };
    // Bad options or labels fail here, not mid-training.
    makeClassificationBatch([], [], this.options);
    makeLabelVector(this.labels, this.options.labelDtype ?? 'int32');
  }

  /** Encodes every text with `tokenizer` (no special tokens; the batch adds them). */
  static fromExamples(examples: readonly LabelledExample[], tokenizer: Tokenizer, options: ClassificationBatchOptions = {}): ClassificationDataset {
    const sequences = encodeEach(tokenizer, examples.map((e) => e.text));
    return new ClassificationDataset(sequences, examples.map((e) => e.label), options);
  }

  /** Number of examples. */
  get size(): number {
    return this.sequences.length;
  }

  /** The batch of the examples at `indices`, in that order. */
  batch(indices: ArrayLike<number>): ClassificationBatch {
    const seqs: Int32Array[] = [];
    const labels = new Float64Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      seqs.push(this.sequences.get(indices[k]));
      labels[k] = this.labels[indices[k]];
    }
    return makeClassificationBatch(seqs, labels, this.options);
  }

  /** One epoch of batches: every example once, shuffled when `seed` is given. */
  *batches(batchSize: number, order: BatchOrderOptions = {}): Generator<ClassificationBatch> {
    for (const indices of batchIndices(this.size, batchSize, order)) yield this.batch(indices);
  }
}
