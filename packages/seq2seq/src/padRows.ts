import type { IntMatrix } from '@tfzoo/data';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';

/** Rows of ids padded on the right with PAD (0), and their 0/1 mask. */
export interface PaddedRows {
  /** (B, T) ids. */
  ids: IntMatrix;
  /** (B, T) 1 on real tokens, 0 on padding. */
  mask: IntMatrix;
}

/**
 * Pads id rows of different lengths to one (B, T) matrix, T the longest row (at least
 * 1), optionally appending EOS to every row first (sources of a model with sourceEos).
 */
export function padRows(rows: readonly ArrayLike<number>[], appendEos = false): PaddedRows {
  const B = rows.length;
  const extra = appendEos ? 1 : 0;
  const T = Math.max(1, ...rows.map((r) => r.length + extra));
  const ids = new Int32Array(B * T);
  const mask = new Int32Array(B * T);
  rows.forEach((row, b) => {
    for (let t = 0; t < row.length; t++) ids[b * T + t] = row[t];
    if (appendEos) ids[b * T + row.length] = SPECIAL_TOKENS.EOS;
    mask.fill(1, b * T, b * T + row.length + extra);
  });
  return { ids: { data: ids, shape: [B, T] }, mask: { data: mask, shape: [B, T] } };
}
