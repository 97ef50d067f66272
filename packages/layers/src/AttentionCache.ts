import * as tf from '@tensorflow/tfjs';

/**
 * Keys and values seen so far by one attention layer, heads split: (B, numHeads, T, keyDim)
 * and (B, numHeads, T, valueDim), as tinygrad's gpt2 keeps them (one cache per attention
 * layer, extended at the current position).
 *
 * - Self-attention (`MultiHeadAttention.callWithCache`): the keys/values of positions
 *   0 … T−1 of the sequence generated so far; each call returns a cache T longer.
 * - Cross-attention (`MultiHeadAttention.computeCrossCache`): the projected encoder output,
 *   computed once per source sentence and reused at every decoding step.
 *
 * A cache is a plain record of tensors owned by whoever holds it: the layer methods never
 * dispose a cache passed in; dispose it with {@link disposeAttentionCache} once replaced.
 */
export interface AttentionCache {
  /** (B, numHeads, T, keyDim) */
  key: tf.Tensor4D;
  /** (B, numHeads, T, valueDim) */
  value: tf.Tensor4D;
  /**
   * (B, T) key padding mask, 1 = real key, 0 = padding: stored by
   * `computeCrossCache(context, contextMask)` so that `attendToCache` keeps padded encoder
   * positions out without being passed the mask again. Owned by the cache (its own tensor
   * handle, disposed with it). Self-attention caches have none: generation batches are
   * unpadded.
   */
  keyMask?: tf.Tensor2D;
}

/**
 * Everything one decoder block caches between decoding steps: its self-attention keys and
 * values (one position longer after every generated token) and, for a block with
 * cross-attention, the encoder's projected keys and values (fixed for the sentence).
 *
 * `TransformerDecoderBlock.callWithCache` returns a cache made of new tensor handles only
 * (the fixed cross-attention tensors share their data, without a copy), so the previous
 * cache can always be disposed whole with {@link disposeDecoderBlockCache}.
 */
export interface DecoderBlockCache {
  /** Self-attention keys/values of the positions decoded so far; null before the first step. */
  self: AttentionCache | null;
  /** The encoder's keys/values (and padding mask) for cross-attention; null without cross-attention or before the first step. */
  cross: AttentionCache | null;
}

/** Disposes the tensors of an attention cache (key, value and key mask, if any). */
export function disposeAttentionCache(cache: AttentionCache | null): void {
  if (cache === null) return;
  tf.dispose([cache.key, cache.value, ...(cache.keyMask ? [cache.keyMask] : [])]);
}

/** Disposes every tensor of a decoder block's cache (self- and cross-attention parts). */
export function disposeDecoderBlockCache(cache: DecoderBlockCache | null): void {
  if (cache === null) return;
  disposeAttentionCache(cache.self);
  disposeAttentionCache(cache.cross);
}
