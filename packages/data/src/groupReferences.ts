import type { SentencePair } from './readSentencePairs';

/** Test sentences with every accepted translation of each: the input of multi-reference BLEU. */
export interface ReferenceSet {
  /** Each source sentence once, in first-seen order. */
  sources: string[];
  /** references[i]: the translations given for sources[i], in file order (at least one). */
  references: string[][];
}

/**
 * Groups pairs that share a source sentence: Tatoeba lists `Run!` → `Cours !` and
 * `Run!` → `Courez !` as two rows, which are two references of one source, not two test
 * sentences. Duplicate translations of a source are kept once.
 */
export function groupReferences(pairs: readonly SentencePair[]): ReferenceSet {
  const groups = new Map<string, string[]>();
  for (const { source, target } of pairs) {
    const refs = groups.get(source);
    if (refs === undefined) groups.set(source, [target]);
    else if (!refs.includes(target)) refs.push(target);
  }
  return { sources: [...groups.keys()], references: [...groups.values()] };
}
