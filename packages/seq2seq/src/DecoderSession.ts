import * as tf from '@tensorflow/tfjs';
import { AttentionCache, DecoderBlockCache, disposeAttentionCache, disposeDecoderBlockCache, MultiHeadAttention, TransformerDecoderBlock } from '@tfzoo/layers';
import type { Seq2SeqLayers } from './buildSeq2SeqLayers';
import { gatherRows } from './gatherRows';

/** What a {@link DecoderSession} needs from the model. */
export interface DecoderSessionModel {
  readonly layers: Seq2SeqLayers;
  /** Decoder hidden rows (N, d) → logits (N, targetVocabSize): final norm (pre-norm) and output projection. Call inside a tidy. */
  hiddenToLogits(hidden: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Incremental decoding of a batch of encoded sources, one target position per `step`,
 * with every cache the paper's decoder allows:
 *
 * - the **cross-attention keys/values** of every decoder block are projected from the
 *   encoder output once, when the session starts (`computeCrossCache`), and reused by
 *   every step;
 * - the **self-attention keys/values** of the positions decoded so far are kept per block
 *   (a KV cache, as tinygrad's gpt2), so a step runs the blocks on one new position only.
 *
 * Rows are decoding hypotheses: a source may have several rows (beam search), and
 * `selectRows` reorders, duplicates or drops rows between steps (beams that continue,
 * finished sentences that leave the batch). Step t feeds the tokens at target position t
 * (t = 0: BOS) and returns the logits for position t + 1, equal (within float rounding) to
 * a full teacher-forced forward pass over the same prefix.
 *
 * The session owns its caches: call `dispose()` when done (`try/finally`).
 */
export class DecoderSession {
  private caches: DecoderBlockCache[];
  private position = 0;
  private rowCount: number;

  /**
   * @param encoderOutput (B, S, d), not disposed by the session (the cross caches are computed from it here).
   * @param sourceMask (B, S) 1 = real source token, 0 = padding.
   */
  constructor(
    private readonly model: DecoderSessionModel,
    encoderOutput: tf.Tensor3D,
    sourceMask: tf.Tensor2D,
    /** Longest target prefix the decoder can read (the target embedding's maxLength). */
    readonly maxPositions: number,
  ) {
    this.rowCount = encoderOutput.shape[0];
    this.caches = model.layers.decoderBlocks.map((block) => ({ self: null, cross: crossAttentionOf(block).computeCrossCache(encoderOutput, sourceMask) }));
  }

  /** Number of rows (hypotheses) the next step expects. */
  get rows(): number {
    return this.rowCount;
  }

  /** The target position the next step feeds (0 before the first step, where BOS goes). */
  get nextPosition(): number {
    return this.position;
  }

  /**
   * Feeds one token per row at the current position; returns the logits for the next
   * position, (rows, targetVocabSize), which the caller disposes.
   */
  step(tokens: ArrayLike<number>): tf.Tensor2D {
    const N = this.rowCount;
    if (tokens.length !== N) throw new Error(`DecoderSession.step: expected one token per row (${N}), got ${tokens.length}`);
    if (this.position >= this.maxPositions) {
      throw new Error(`DecoderSession.step: the decoder reads at most ${this.maxPositions} target positions (maxTargetLength), and all are used`);
    }
    const previous = this.caches;
    const next: DecoderBlockCache[] = [];
    const { targetEmbedding, decoderBlocks } = this.model.layers;
    // tidy keeps what it returns: the logits and every tensor of the new caches.
    const [logits] = tf.tidy(() => {
      let x = targetEmbedding.embedAt(tf.tensor2d(Int32Array.from(tokens), [N, 1], 'int32'), this.position); // (N, 1, d)
      decoderBlocks.forEach((block, i) => {
        const result = block.callWithCache(x, previous[i], { training: false });
        x = result.output;
        next.push(result.cache);
      });
      const d = x.shape[2];
      return [this.model.hiddenToLogits(tf.reshape(x, [N, d])), ...next.flatMap(cacheTensors)];
    }) as tf.Tensor[];
    // callWithCache returns new tensor handles only (the cross part shares its data), so the old caches go whole.
    previous.forEach(disposeDecoderBlockCache);
    this.caches = next;
    this.position++;
    return logits as tf.Tensor2D;
  }

  /**
   * Keeps the rows `rows` (indices into the current rows, in the new order; repeats
   * allowed): the next step has `rows.length` rows, row i continuing old row rows[i]. The
   * cross-attention caches are gathered too unless `sameSources` says row i and old row
   * rows[i] always read the same source (beam reordering within each sentence).
   */
  selectRows(rows: ArrayLike<number>, sameSources = false): void {
    for (let i = 0; i < rows.length; i++) {
      if (!Number.isInteger(rows[i]) || rows[i] < 0 || rows[i] >= this.rowCount) {
        throw new Error(`DecoderSession.selectRows: expected row indices in [0, ${this.rowCount}), got ${rows[i]} at ${i}`);
      }
    }
    if (rows.length === 0) throw new Error('DecoderSession.selectRows: expected at least one row to keep');
    const previous = this.caches;
    const gather = (cache: AttentionCache | null): AttentionCache | null => {
      if (cache === null) return null;
      const kept: AttentionCache = { key: gatherRows(cache.key, rows), value: gatherRows(cache.value, rows) };
      if (cache.keyMask !== undefined) kept.keyMask = gatherRows(cache.keyMask, rows);
      return kept;
    };
    const next: DecoderBlockCache[] = previous.map((c) => ({ self: gather(c.self), cross: sameSources && rows.length === this.rowCount ? c.cross : gather(c.cross) }));
    previous.forEach((c, i) => {
      disposeAttentionCache(c.self);
      if (next[i].cross !== c.cross) disposeAttentionCache(c.cross);
    });
    this.caches = next;
    this.rowCount = rows.length;
  }

  /** Frees the caches. */
  dispose(): void {
    this.caches.forEach(disposeDecoderBlockCache);
    this.caches = [];
  }
}

/** The cross-attention layer of a decoder block built with one (a registered sub-layer named `cross_attention`). */
export function crossAttentionOf(block: TransformerDecoderBlock): MultiHeadAttention {
  const layer = block.sublayers.find((l) => l.name === 'cross_attention');
  if (!(layer instanceof MultiHeadAttention)) throw new Error(`decoder block '${block.name}' has no cross-attention; it was built as a decoder-only (GPT) block`);
  return layer;
}

function cacheTensors(cache: DecoderBlockCache): tf.Tensor[] {
  const parts = (c: AttentionCache | null): tf.Tensor[] => (c === null ? [] : [c.key, c.value, ...(c.keyMask ? [c.keyMask] : [])]);
  return [...parts(cache.self), ...parts(cache.cross)];
}
