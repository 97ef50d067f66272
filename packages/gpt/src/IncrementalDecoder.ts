import * as tf from '@tensorflow/tfjs';
import { AttentionCache, DecoderBlockCache, disposeDecoderBlockCache } from '@tfzoo/layers';
import type { GPTLayers } from './buildGPTModel';

/**
 * Runs a GPT one token at a time over a sliding context window, and gives the logits for
 * the next token after each step.
 *
 * **The context** is always the last min(n, blockSize) tokens, as nanoGPT's `generate`
 * crops its input: a prompt longer than blockSize keeps its last blockSize tokens, and
 * generation runs past the window without error.
 *
 * **With the KV cache** (`useCache`, default) the prompt is run once (prefill), storing
 * every block's keys and values (B, nh, T, hs); each new token then runs through the
 * blocks alone, attending to the cache, at position T (tinygrad's `gpt2.py`). Once the
 * window is full it has to slide: the positions of every cached token would change
 * (learned positions cannot even represent position blockSize), so the cache is dropped
 * and each further token costs a full forward pass over the window, exactly as without
 * the cache. Cached and uncached decoding therefore see the same context and give the
 * same logits at every step (within float rounding), past the window too.
 */
export class IncrementalDecoder {
  private window: number[] = [];
  private caches: DecoderBlockCache[] | null = null;

  constructor(
    private readonly layers: GPTLayers,
    /** The model's context length. */
    readonly blockSize: number,
    /** Use the KV cache while the window has room. */
    readonly useCache = true,
  ) {}

  /** The context the next logits are conditioned on (a copy). */
  get context(): number[] {
    return [...this.window];
  }

  /** Whether the KV cache is in use now (false once the window has slid, or without the cache). */
  get caching(): boolean {
    return this.caches !== null;
  }

  /** Starts from `ids` (cropped to its last blockSize tokens); returns the logits after its last token (vocabSize). */
  async start(ids: readonly number[]): Promise<Float32Array> {
    if (ids.length === 0) throw new Error('expected at least one token to start decoding from, got none');
    this.disposeCaches();
    this.window = ids.slice(-this.blockSize);
    if (!this.useCache) return this.forwardWindow();
    this.caches = [];
    return this.forwardCached(this.window, 0);
  }

  /** Appends one token; returns the logits for the token after it. */
  async append(id: number): Promise<Float32Array> {
    if (this.window.length === 0) throw new Error('call start(promptIds) before append()');
    const position = this.window.length;
    this.window.push(id);
    if (this.window.length > this.blockSize) {
      this.window.shift(); // the window slides: cached positions are stale from here on
      this.disposeCaches();
    }
    if (this.caches !== null) return this.forwardCached([id], position);
    return this.forwardWindow();
  }

  /** Frees the cache. The decoder can be started again. */
  dispose(): void {
    this.disposeCaches();
    this.window = [];
  }

  /** Full forward pass over the window; logits of its last position. */
  private async forwardWindow(): Promise<Float32Array> {
    const logits = tf.tidy(() => {
      const { embedding, blocks, finalNorm, head } = this.layers;
      const T = this.window.length;
      let x = embedding.apply(tf.tensor2d(this.window, [1, T], 'int32')) as tf.Tensor3D; // (1, T, D)
      for (const block of blocks) x = block.apply(x) as tf.Tensor3D;
      return this.lastLogits(x, finalNorm, head);
    });
    return readAndDispose(logits);
  }

  /** Runs `ids` at positions start… through the blocks with the cache; logits of the last one. */
  private async forwardCached(ids: readonly number[], start: number): Promise<Float32Array> {
    const previous = this.caches!;
    const next: DecoderBlockCache[] = [];
    // tidy keeps what it returns: the logits and the new cache tensors.
    const [logits] = tf.tidy(() => {
      const { embedding, finalNorm, head } = this.layers;
      let x = embedding.embedAt(tf.tensor2d([...ids], [1, ids.length], 'int32'), start); // (1, Tnew, D)
      this.layers.blocks.forEach((block, i) => {
        const result = block.callWithCache(x, previous[i] ?? null, { training: false });
        x = result.output;
        next.push(result.cache);
      });
      return [this.lastLogits(x, finalNorm, head), ...next.flatMap(cacheTensors)];
    });
    // callWithCache returns new tensor handles only, so the old cache goes whole.
    previous.forEach(disposeDecoderBlockCache);
    this.caches = next;
    return readAndDispose(logits);
  }

  private lastLogits(x: tf.Tensor3D, finalNorm: GPTLayers['finalNorm'], head: GPTLayers['head']): tf.Tensor1D {
    const [, T, D] = x.shape;
    let last = tf.slice(x, [0, T - 1, 0], [1, 1, D]) as tf.Tensor3D; // (1, 1, D): only the next token's logits are needed
    if (finalNorm !== null) last = finalNorm.apply(last) as tf.Tensor3D;
    return tf.reshape(head.apply(last) as tf.Tensor, [-1]) as tf.Tensor1D; // (V)
  }

  private disposeCaches(): void {
    this.caches?.forEach(disposeDecoderBlockCache);
    this.caches = null;
  }
}

function cacheTensors(cache: DecoderBlockCache): tf.Tensor[] {
  const parts = (c: AttentionCache | null): tf.Tensor[] => (c === null ? [] : [c.key, c.value, ...(c.keyMask ? [c.keyMask] : [])]);
  return [...parts(cache.self), ...parts(cache.cross)];
}

async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}
