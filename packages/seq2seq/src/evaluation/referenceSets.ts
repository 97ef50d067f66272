/**
 * Checks a corpus for scoring and returns each sentence's references with
 * empty ones dropped. An empty string means "no reference here", as in
 * sacrebleu, so sources can have different numbers of references.
 */
export function referenceSets(
  metric: string,
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
): string[][] {
  if (!Array.isArray(hypotheses)) throw new Error(`${metric}: expected hypotheses to be an array of strings, got ${typeof hypotheses}`);
  if (!Array.isArray(references)) throw new Error(`${metric}: expected references to be an array of string arrays, got ${typeof references}`);
  if (hypotheses.length !== references.length) {
    throw new Error(
      `${metric}: expected one list of references per hypothesis, got ${hypotheses.length} hypotheses and ${references.length} reference lists`,
    );
  }
  if (hypotheses.length === 0) throw new Error(`${metric}: expected at least one hypothesis, got none`);
  return hypotheses.map((hyp, i) => {
    if (typeof hyp !== 'string') throw new Error(`${metric}: expected hypothesis ${i} to be a string, got ${typeof hyp}`);
    const refs = references[i];
    if (!Array.isArray(refs)) {
      throw new Error(`${metric}: expected references[${i}] to be an array of strings (the references of sentence ${i}), got ${typeof refs}`);
    }
    refs.forEach((r, k) => {
      if (typeof r !== 'string') throw new Error(`${metric}: expected references[${i}][${k}] to be a string, got ${typeof r}`);
    });
    const kept = refs.filter((r) => r !== '');
    if (kept.length === 0) throw new Error(`${metric}: sentence ${i} has no references (expected at least one non-empty reference)`);
    return kept;
  });
}
