import { NUM_SPECIAL_TOKENS } from './Tokenizer';
import { bpePreTokenize } from './bpePreTokenizer';
import { PairHeap } from './PairHeap';

/** Byte b has id `BPE_BYTE_ID_OFFSET + b`: the 256 bytes follow the special tokens. */
export const BPE_BYTE_ID_OFFSET = NUM_SPECIAL_TOKENS;
/** Merge i (0-based) creates id `BPE_FIRST_MERGE_ID + i`, so a merge's id is also its rank. */
export const BPE_FIRST_MERGE_ID = NUM_SPECIAL_TOKENS + 256;

/** A merge: the two ids whose adjacent occurrences become one new token. */
export type BpeMerge = readonly [left: number, right: number];

/** Options of `trainBpeMerges`. */
export interface BpeMergeTrainingOptions {
  /** Stop after this many merges. */
  maxMerges: number;
  /** Stop early when the most frequent pair occurs fewer times than this. */
  minFrequency: number;
}

/** Counts the pre-tokenizer's pieces over all texts: BPE trains on these unique pieces, weighted. */
export function countBpePieces(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const piece of bpePreTokenize(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
  return counts;
}

/**
 * Learns byte-level BPE merges from weighted pieces (see `countBpePieces`).
 * Each step merges the most frequent adjacent pair, counted over the pieces
 * weighted by how often each occurs; ties go to the pair with the smallest
 * (left, right) ids, i.e. the older tokens, so training is deterministic.
 * Within a piece, occurrences of the pair merge left to right without
 * overlapping (`aaa` with merge a+a gives `aa a`), exactly as encoding does.
 *
 * Cost: pairs are counted once; after that a merge only revisits the pieces
 * that contain its pair (found through a pair → pieces index), re-counting
 * their pairs, and the next best pair comes from a heap with lazy deletion
 * (an entry is stale when its count no longer matches the live count). So a
 * merge costs about the total length of the pieces it touches, not a pass
 * over the corpus.
 *
 * @returns the merges in order; merge i creates id `BPE_FIRST_MERGE_ID + i`.
 */
export function trainBpeMerges(pieceCounts: ReadonlyMap<string, number>, options: BpeMergeTrainingOptions): BpeMerge[] {
  const { maxMerges, minFrequency } = options;
  // Pair (a, b) has key a * keyBase + b; every id stays below keyBase, so keys
  // order pairs by (a, b), which is the tie-break.
  const keyBase = BPE_FIRST_MERGE_ID + maxMerges;
  const words: number[][] = [];
  const weights: number[] = [];
  for (const [piece, count] of pieceCounts) {
    const bytes = Buffer.from(piece, 'utf8');
    if (bytes.length < 2) continue; // no pairs: nothing to learn from it
    words.push(Array.from(bytes, (b) => b + BPE_BYTE_ID_OFFSET));
    weights.push(count);
  }

  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addPairs = (w: number, touched: Set<number> | null) => {
    const sym = words[w];
    const weight = weights[w];
    for (let i = 0; i + 1 < sym.length; i++) {
      const key = sym[i] * keyBase + sym[i + 1];
      pairCount.set(key, (pairCount.get(key) ?? 0) + weight);
      let inWords = pairWords.get(key);
      if (inWords === undefined) pairWords.set(key, (inWords = new Set()));
      inWords.add(w);
      touched?.add(key);
    }
  };
  const removePairs = (w: number, touched: Set<number>) => {
    const sym = words[w];
    const weight = weights[w];
    // Pieces stay listed under pairs they no longer contain; the merge loop
    // skips them. Removing them here would cost more than it saves.
    for (let i = 0; i + 1 < sym.length; i++) {
      const key = sym[i] * keyBase + sym[i + 1];
      pairCount.set(key, (pairCount.get(key) as number) - weight);
      touched.add(key);
    }
  };

  for (let w = 0; w < words.length; w++) addPairs(w, null);
  const heap = new PairHeap();
  for (const [key, count] of pairCount) heap.push(-count, key);

  const merges: BpeMerge[] = [];
  const touched = new Set<number>();
  while (merges.length < maxMerges) {
    const top = heap.pop();
    if (top === undefined) break;
    const [negCount, key] = top;
    const count = pairCount.get(key);
    if (count !== -negCount) continue; // stale entry: a fresher one holds the live count
    if (count < minFrequency) break; // the most frequent pair is too rare: so are all others
    const a = Math.floor(key / keyBase);
    const b = key - a * keyBase;
    const newId = BPE_FIRST_MERGE_ID + merges.length;
    merges.push([a, b]);

    touched.clear();
    for (const w of pairWords.get(key) as Set<number>) {
      const sym = words[w];
      if (!containsPair(sym, a, b)) continue;
      removePairs(w, touched);
      words[w] = mergePair(sym, a, b, newId);
      addPairs(w, touched);
    }
    for (const k of touched) {
      const c = pairCount.get(k) as number;
      if (c > 0) {
        heap.push(-c, k);
      } else {
        pairCount.delete(k);
        pairWords.delete(k);
      }
    }
  }
  return merges;
}

function containsPair(sym: number[], a: number, b: number): boolean {
  for (let i = 0; i + 1 < sym.length; i++) if (sym[i] === a && sym[i + 1] === b) return true;
  return false;
}

/** Replaces each (a, b), left to right without overlap, by `merged`. */
export function mergePair(sym: readonly number[], a: number, b: number, merged: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sym.length; ) {
    if (i + 1 < sym.length && sym[i] === a && sym[i + 1] === b) {
      out.push(merged);
      i += 2;
    } else {
      out.push(sym[i]);
      i += 1;
    }
  }
  return out;
}
