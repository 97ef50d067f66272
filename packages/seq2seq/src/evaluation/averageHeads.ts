/**
 * The mean over heads of per-head attention weights: (H, T, S) → (T, S).
 * Rows that each sum to 1 still sum to 1, so the result reads like one head.
 *
 * @example
 * const weights = averageHeads(attention.arraySync()[0]);   // attention (B, H, T, S), first example
 */
export function averageHeads(weights: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): number[][] {
  if (weights.length === 0) throw new Error('averageHeads: expected weights of shape (heads, rows, columns) with at least one head, got none');
  const rows = weights[0].length;
  const cols = rows > 0 ? weights[0][0].length : 0;
  const mean = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  weights.forEach((head, h) => {
    if (head.length !== rows) throw new Error(`averageHeads: expected ${rows} rows in every head (as head 0 has), got ${head.length} in head ${h}`);
    head.forEach((row, t) => {
      if (row.length !== cols) {
        throw new Error(`averageHeads: expected ${cols} columns in every row (as head 0 has), got ${row.length} in head ${h}, row ${t}`);
      }
      for (let s = 0; s < cols; s++) mean[t][s] += row[s];
    });
  });
  for (const row of mean) for (let s = 0; s < cols; s++) row[s] /= weights.length;
  return mean;
}
