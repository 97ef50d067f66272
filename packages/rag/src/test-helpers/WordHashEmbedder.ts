import type { Embedder, EmbedderInfo } from '../types';
import { searchTokens } from '../lexical/searchTokens';

/**
 * A deterministic test embedder: feature hashing of search terms into `dimension`
 * buckets with ±1 signs, so texts sharing words get similar vectors. Kept minimal
 * and separate from the public `embedders/HashingEmbedder` so the store and
 * retrieval tests do not depend on that code.
 */
export class WordHashEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  calls = 0;

  constructor(readonly dimension = 64, fingerprint = 'fnv1a-v1') {
    this.info = { kind: 'hashing', dimension, fingerprint };
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      // A constant feature keeps empty texts away from the zero vector (refused under cosine).
      v[0] = 0.01;
      for (const term of searchTokens(text)) {
        const h = fnv1a(term);
        v[h % this.dimension] += (h >>> 31) === 1 ? 1 : -1;
      }
      return v;
    });
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
