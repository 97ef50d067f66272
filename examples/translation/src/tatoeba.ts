/**
 * Tatoeba English–French (manythings.org `fra-eng`) as the translation example reads it:
 * no-break spaces normalised, the train file (sorted by length) shuffled, and dev rows
 * sharing an English sentence grouped as the references of one source.
 */
import { groupReferences, normalizeSpaces, readSentencePairs, shuffle, type ReferenceSet, type SentencePair } from '@tfzoo/data';

/** The pairs of a Tatoeba file with both sides normalised. */
export function readTatoebaPairs(file: string): SentencePair[] {
  const pairs = readSentencePairs(file).map((p) => ({ source: normalizeSpaces(p.source), target: normalizeSpaces(p.target) }));
  if (pairs.length === 0) throw new Error(`${file}: expected English<TAB>French pairs, found none`);
  return pairs;
}

/** The training pairs in a seeded random order (the file is sorted by length). */
export function loadTrainingPairs(file: string, seed: number): SentencePair[] {
  return shuffle(readTatoebaPairs(file), seed);
}

/** The dev or test set: each English sentence once, with all its French references. */
export function loadMultiReferenceSet(file: string): ReferenceSet {
  return groupReferences(readTatoebaPairs(file));
}
