/**
 * Counts of the n-grams of one order in a sequence, keyed by the n-gram's items
 * joined with `separator`. Pass `''` for single characters (each item is one
 * code point, so the key is the substring) and a character that cannot occur
 * inside an item for words.
 */
export function ngramCounts(items: readonly string[], n: number, separator: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= items.length; i++) {
    const key = items.slice(i, i + n).join(separator);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Total count of all n-grams: the number of n-grams in the sequence. */
export function totalCount(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  return total;
}

/**
 * How many of the hypothesis n-grams also occur in the reference, each
 * n-gram counted at most as often as the reference has it ("clipped").
 */
export function clippedMatches(hyp: ReadonlyMap<string, number>, ref: ReadonlyMap<string, number>): number {
  let matches = 0;
  for (const [ngram, count] of hyp) {
    const available = ref.get(ngram);
    if (available !== undefined) matches += Math.min(count, available);
  }
  return matches;
}
