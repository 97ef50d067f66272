/**
 * The pieces of feature hashing (Weinberger et al. 2009): words, n-gram features and a
 * 32-bit string hash that picks each feature's bucket and sign.
 */

/** Letters, combining marks and digits: what counts as a word for hashing. */
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased words of a text; punctuation and whitespace only separate them. */
export function hashingWords(text: string): string[] {
  return text.toLowerCase().match(WORD_PATTERN) ?? [];
}

/**
 * The features of a text with their counts: every word, and with `ngrams` 2 every pair of
 * neighbouring words as `"w1 w2"` (a space never occurs inside a word, so the two kinds
 * cannot collide as strings).
 */
export function hashingFeatures(text: string, ngrams: 1 | 2): Map<string, number> {
  const words = hashingWords(text);
  const counts = new Map<string, number>();
  const add = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);
  for (let i = 0; i < words.length; i++) {
    add(words[i]);
    if (ngrams === 2 && i + 1 < words.length) add(`${words[i]} ${words[i + 1]}`);
  }
  return counts;
}

/**
 * 32-bit FNV-1a over the string's UTF-16 code units, followed by murmur3's finaliser:
 * FNV alone leaves the high bits of short keys poorly mixed, and the sign of a hashed
 * feature is taken from the top bit. Deterministic on every platform.
 */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The bucket in [0, dimension) and the sign (±1) of a feature. The sign makes collisions
 * cancel in expectation instead of piling up, so inner products stay unbiased.
 */
export function featureSlot(feature: string, dimension: number, seed: number): { bucket: number; sign: 1 | -1 } {
  const h = hashString(feature, seed);
  return { bucket: (h & 0x7fffffff) % dimension, sign: h >>> 31 === 1 ? -1 : 1 };
}
