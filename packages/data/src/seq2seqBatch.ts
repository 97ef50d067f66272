import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { createIntMatrix, type IntMatrix } from './IntMatrix';

/** How sentence pairs become a padded sequence-to-sequence batch. */
export interface Seq2SeqBatchOptions {
  /** Longest encoder row (EOS included when `sourceEos`); longer sources keep their first tokens. Default: no limit. */
  maxSourceLength?: number;
  /** Longest decoder row: target tokens + 1 (the BOS in the input, the EOS in the target). Default: no limit. */
  maxTargetLength?: number;
  /** Append EOS to every source so the encoder sees where the sentence ends. Default false. */
  sourceEos?: boolean;
}

/** A padded teacher-forcing batch (PAD = 0, padding on the right). */
export interface Seq2SeqBatch {
  /** (B, S) source ids. */
  encoderInput: IntMatrix;
  /** (B, S) 1 on source tokens, 0 on padding. */
  encoderMask: IntMatrix;
  /** (B, U) `[BOS, t0, ..., t(n-1)]`: the target shifted right. */
  decoderInput: IntMatrix;
  /** (B, U) `[t0, ..., t(n-1), EOS]`: what the decoder must predict at each position. */
  target: IntMatrix;
  /** (B, U) 1 on real decoder positions, 0 on padding: the decoder's padding mask and the loss mask. */
  decoderMask: IntMatrix;
}

/**
 * Builds a teacher-forcing batch: the decoder reads `[BOS] target` and learns
 * to emit `target [EOS]`, one position ahead. Cutting a long target to
 * `maxTargetLength` cuts both rows at the same place, so every kept position
 * still predicts the true next token (a cut target does not end in EOS: the
 * model is never taught to stop mid-sentence).
 */
export function makeSeq2SeqBatch(
  sources: readonly ArrayLike<number>[],
  targets: readonly ArrayLike<number>[],
  options: Seq2SeqBatchOptions = {},
): Seq2SeqBatch {
  const B = sources.length;
  if (targets.length !== B) throw new Error(`expected one target per source (${B}), got ${targets.length} targets`);
  const sourceEos = options.sourceEos ?? false;
  const maxS = checkMax(options.maxSourceLength, sourceEos ? 2 : 1, 'maxSourceLength');
  const maxU = checkMax(options.maxTargetLength, 1, 'maxTargetLength');

  const keepS = new Array<number>(B);
  const lenU = new Array<number>(B);
  let S = 1;
  let U = 1;
  for (let b = 0; b < B; b++) {
    keepS[b] = Math.min(sources[b].length, maxS - (sourceEos ? 1 : 0));
    lenU[b] = Math.min(targets[b].length + 1, maxU);
    S = Math.max(S, keepS[b] + (sourceEos ? 1 : 0));
    U = Math.max(U, lenU[b]);
  }

  const encoderInput = createIntMatrix(B, S);
  const encoderMask = createIntMatrix(B, S);
  const decoderInput = createIntMatrix(B, U);
  const target = createIntMatrix(B, U);
  const decoderMask = createIntMatrix(B, U);
  for (let b = 0; b < B; b++) {
    const src = sources[b];
    const row = b * S;
    for (let i = 0; i < keepS[b]; i++) encoderInput.data[row + i] = src[i];
    let s = keepS[b];
    if (sourceEos) encoderInput.data[row + s++] = SPECIAL_TOKENS.EOS;
    encoderMask.data.fill(1, row, row + s);

    const tgt = targets[b];
    const n = tgt.length;
    const drow = b * U;
    for (let u = 0; u < lenU[b]; u++) {
      decoderInput.data[drow + u] = u === 0 ? SPECIAL_TOKENS.BOS : tgt[u - 1];
      target.data[drow + u] = u < n ? tgt[u] : SPECIAL_TOKENS.EOS;
    }
    decoderMask.data.fill(1, drow, drow + lenU[b]);
  }
  return { encoderInput, encoderMask, decoderInput, target, decoderMask };
}

function checkMax(value: number | undefined, min: number, name: string): number {
  if (value === undefined) return Infinity;
  if (!Number.isInteger(value) || value < min) throw new Error(`expected ${name} to be an integer >= ${min}, got ${value}`);
  return value;
}
