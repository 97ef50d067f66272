import { createIntMatrix, type IntMatrix, type LabelVector } from './IntMatrix';

/** How token sequences become a padded classification batch. */
export interface ClassificationBatchOptions {
  /** Longest row, special tokens included; longer sequences keep their first tokens. Default: no limit. */
  maxLength?: number;
  /** Id put before every sequence, e.g. `SPECIAL_TOKENS.CLS` for a BERT-style encoder. Default: none. */
  startId?: number;
  /** Id put after every (truncated) sequence, e.g. `SPECIAL_TOKENS.SEP`. Default: none. */
  endId?: number;
  /** `int32` class ids (default) or `float32` values (binary targets, regression). */
  labelDtype?: 'int32' | 'float32';
}

/** A padded classification batch (PAD = 0). */
export interface ClassificationBatch {
  /** (B, L) ids, L = the longest row in this batch after truncation; padding on the right with 0. */
  inputIds: IntMatrix;
  /** (B, L) 1 where `inputIds` holds a real token (special tokens included), 0 on padding. */
  mask: IntMatrix;
  /** (B,) one label per row. */
  labels: LabelVector;
}

/**
 * Pads a batch of token sequences to the longest one (right padding with
 * PAD = 0) and builds the matching 0/1 mask. The mask comes from the lengths,
 * not from `id === 0`, so it stays right even for a tokenizer that used 0.
 * Each row is `[startId] tokens [endId]`, cut to `maxLength` by dropping tokens
 * from the end of `tokens` (the special tokens are kept). L is at least 1.
 */
export function makeClassificationBatch(
  sequences: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: ClassificationBatchOptions = {},
): ClassificationBatch {
  const B = sequences.length;
  if (labels.length !== B) throw new Error(`expected one label per sequence (${B}), got ${labels.length} labels`);
  const specials = (options.startId !== undefined ? 1 : 0) + (options.endId !== undefined ? 1 : 0);
  const maxLength = options.maxLength ?? Infinity;
  if (maxLength !== Infinity && (!Number.isInteger(maxLength) || maxLength <= specials)) {
    throw new Error(`expected maxLength to be an integer > ${specials} (the special tokens per row), got ${maxLength}`);
  }
  const keep = new Array<number>(B);
  let L = 1;
  for (let b = 0; b < B; b++) {
    keep[b] = Math.min(sequences[b].length, maxLength - specials);
    L = Math.max(L, keep[b] + specials);
  }
  const inputIds = createIntMatrix(B, L);
  const mask = createIntMatrix(B, L);
  for (let b = 0; b < B; b++) {
    const row = b * L;
    let t = 0;
    if (options.startId !== undefined) inputIds.data[row + t++] = options.startId;
    const seq = sequences[b];
    for (let i = 0; i < keep[b]; i++) inputIds.data[row + t++] = seq[i];
    if (options.endId !== undefined) inputIds.data[row + t++] = options.endId;
    mask.data.fill(1, row, row + t);
  }
  return { inputIds, mask, labels: makeLabelVector(labels, options.labelDtype ?? 'int32') };
}

/** Labels as a typed vector; int32 labels must be class ids (integers >= 0). */
export function makeLabelVector(labels: ArrayLike<number>, dtype: 'int32' | 'float32'): LabelVector {
  if (dtype !== 'int32' && dtype !== 'float32') throw new Error(`expected labelDtype 'int32' or 'float32', got ${JSON.stringify(dtype)}`);
  const data = dtype === 'int32' ? new Int32Array(labels.length) : new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (dtype === 'int32' && !(Number.isInteger(v) && v >= 0 && v <= 0x7fffffff)) {
      throw new Error(`expected class ids (integers >= 0) for int32 labels, got ${v} at ${i}; use labelDtype 'float32' for real-valued labels`);
    }
    if (!Number.isFinite(v)) throw new Error(`expected finite labels, got ${v} at ${i}`);
    data[i] = v;
  }
  return { data, shape: [labels.length] };
}
