import * as tf from '@tensorflow/tfjs';
import { requireOneOf, requirePositive, requirePositiveInt, requireRate } from './argChecks';
import { AttentionCache, DecoderBlockCache } from './AttentionCache';
import { CompositeLayer } from './CompositeLayer';
import { FEED_FORWARD_ACTIVATIONS, FeedForward, FeedForwardActivation } from './FeedForward';
import { formatShape } from './formatShape';
import { InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';
import { LayerNorm } from './LayerNorm';
import { MaskedSequence, readMaskedSequences, shapeItself, shapeList, tensorShape } from './maskedSequenceInputs';
import { MultiHeadAttention } from './MultiHeadAttention';
import { headSize, NORM_PLACEMENTS, NormPlacement, residualBranch } from './residualBranch';
import { tidyRecord } from './tidyRecord';
import { TransformerBlockCallOptions, TransformerEncoderBlockArgs } from './TransformerEncoderBlock';

/** Constructor arguments of {@link TransformerDecoderBlock}: the same as the encoder block's. */
export type TransformerDecoderBlockArgs = TransformerEncoderBlockArgs;

/** What {@link TransformerDecoderBlock.callAndReturnAttention} returns. */
export interface DecoderBlockAttention {
  /** (B, T, d) */
  output: tf.Tensor3D;
  /** (B, numHeads, T, T): the causal self-attention weights. */
  selfAttention: tf.Tensor4D;
  /** (B, numHeads, T, Tenc): the weights over the encoder outputs; null without cross-attention. */
  crossAttention: tf.Tensor4D | null;
}

/**
 * A transformer decoder block (Vaswani et al. 2017, §3.1): causal multi-head
 * self-attention, then (optionally) cross-attention over encoder outputs, then a
 * position-wise feed-forward network, each wrapped in a residual connection with a layer
 * norm, `'post'` (default) or `'pre'` as in {@link TransformerEncoderBlock}. Without
 * cross-attention it is a GPT block.
 *
 * **Inputs** (sequences are (B, T, d), masks (B, T) of 1 = real, 0 = padding; each mask
 * directly follows its sequence):
 * - `x` or `[x, xMask]`: decoder-only;
 * - `[x, encoderOutput]`, `[x, encoderOutput, encoderMask]` or
 *   `[x, xMask, encoderOutput, encoderMask]`: with cross-attention; the encoder's padding
 *   mask keeps padded encoder positions out of the cross-attention.
 *
 * Self-attention is always causal: the output at position t depends only on inputs at
 * positions ≤ t. The first call decides whether the block has cross-attention.
 * **Output** (B, T, d).
 *
 * **Incremental decoding**: `callWithCache(x, cache, { encoderOutput, encoderMask })` runs
 * new positions only, with a {@link DecoderBlockCache} of the self-attention keys/values so
 * far and the encoder's projected keys/values (computed on the first call of a sequence).
 *
 * Sub-layers: `self_attention`, `self_attention_layer_norm`, [`cross_attention`,
 * `cross_attention_layer_norm`], `feedforward`, `feedforward_layer_norm`.
 *
 * @example
 * const gptBlock = new TransformerDecoderBlock({ numHeads: 4, intermediateDim: 256, norm: 'pre' });
 * const y = gptBlock.apply(x);                                  // (B, T, 64)
 * const translatorBlock = new TransformerDecoderBlock({ numHeads: 4, intermediateDim: 256 });
 * const z = translatorBlock.apply([target, targetMask, encoded, sourceMask]);
 */
export class TransformerDecoderBlock extends CompositeLayer {
  static readonly className = 'TransformerDecoderBlock';

  readonly numHeads: number;
  readonly intermediateDim: number;
  readonly keyDim: number | null;
  readonly dropout: number;
  readonly activation: FeedForwardActivation;
  readonly norm: NormPlacement;
  readonly layerNormEpsilon: number;
  readonly kernelInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;

  private features = 0;
  private hasCrossAttention = false;
  private selfAttention: MultiHeadAttention | null = null;
  private selfAttentionNorm: tf.layers.Layer | null = null;
  private crossAttention: MultiHeadAttention | null = null;
  private crossAttentionNorm: tf.layers.Layer | null = null;
  private feedforward: FeedForward | null = null;
  private feedforwardNorm: tf.layers.Layer | null = null;

  constructor(args: TransformerDecoderBlockArgs) {
    super(args);
    const label = `${TransformerDecoderBlock.className} '${this.name}'`;
    this.numHeads = requirePositiveInt(label, 'numHeads', args.numHeads);
    this.intermediateDim = requirePositiveInt(label, 'intermediateDim', args.intermediateDim);
    this.keyDim = args.keyDim == null ? null : requirePositiveInt(label, 'keyDim', args.keyDim);
    this.dropout = requireRate(label, 'dropout', args.dropout ?? 0);
    this.activation = requireOneOf(label, 'activation', args.activation ?? 'relu', FEED_FORWARD_ACTIVATIONS);
    this.norm = requireOneOf(label, 'norm', args.norm ?? 'post', NORM_PLACEMENTS);
    this.layerNormEpsilon = requirePositive(label, 'layerNormEpsilon', args.layerNormEpsilon ?? 1e-5);
    this.kernelInitializer = toInitializerSpec(args.kernelInitializer, 'glorotUniform');
    this.biasInitializer = toInitializerSpec(args.biasInitializer, 'zeros');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const seqs = this.readInputs(shapeList(inputShape), shapeItself);
    const features = seqs[0].sequence[2];
    const contextFeatures = seqs[1]?.sequence[2];
    if (features == null || contextFeatures === null) {
      throw new Error(`${layerLabel(this)}: the feature sizes of the inputs must be known to build, got ${seqs.map((s) => formatShape(s.sequence)).join(' and ')}`);
    }
    this.features = features;
    this.hasCrossAttention = contextFeatures !== undefined;
    const attentionArgs = {
      numHeads: this.numHeads,
      keyDim: headSize(layerLabel(this), features, this.numHeads, this.keyDim),
      dropout: this.dropout,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
    };

    this.selfAttention = this.nested(new MultiHeadAttention({ name: 'self_attention', causal: true, ...attentionArgs }));
    this.buildNested(this.selfAttention, [null, null, features]);
    this.selfAttentionNorm = this.nested(this.layerNorm('self_attention_layer_norm'));
    this.buildNested(this.selfAttentionNorm, [null, features]);
    if (contextFeatures !== undefined) {
      this.crossAttention = this.nested(new MultiHeadAttention({ name: 'cross_attention', ...attentionArgs }));
      this.buildNested(this.crossAttention, [[null, null, features], [null, null, contextFeatures]]);
      this.crossAttentionNorm = this.nested(this.layerNorm('cross_attention_layer_norm'));
      this.buildNested(this.crossAttentionNorm, [null, features]);
    }
    this.feedforward = this.nested(
      new FeedForward({
        name: 'feedforward',
        intermediateDim: this.intermediateDim,
        activation: this.activation,
        kernelInitializer: this.kernelInitializer,
        biasInitializer: this.biasInitializer,
      }),
    );
    this.buildNested(this.feedforward, [null, features]);
    this.feedforwardNorm = this.nested(this.layerNorm('feedforward_layer_norm'));
    this.buildNested(this.feedforwardNorm, [null, features]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.readInputs(shapeList(inputShape), shapeItself)[0].sequence;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: TransformerBlockCallOptions): tf.Tensor {
    return tf.tidy(() => this.forward(inputs, kwargs?.training).output);
  }

  /** Runs the block on concrete tensors and also returns its attention weights. Builds the layer if needed. */
  callAndReturnAttention(inputs: tf.Tensor | tf.Tensor[], kwargs: TransformerBlockCallOptions = {}): DecoderBlockAttention {
    if (!this.built) tf.tidy(() => void this.apply(inputs, kwargs));
    // tidy keeps tensors only (no nulls), so pass the weights as a list.
    const [output, selfAttention, crossAttention] = tf.tidy(() => {
      const result = this.forward(inputs, kwargs.training);
      return [result.output, result.selfAttention, ...(result.crossAttention ? [result.crossAttention] : [])];
    }) as [tf.Tensor3D, tf.Tensor4D, tf.Tensor4D?];
    return { output, selfAttention, crossAttention: crossAttention ?? null };
  }

  /**
   * Incremental decoding (eager, outside the tf.layers graph): runs the block on the new
   * positions `x` (B, Tnew, d) only, with the self-attention keys/values of the earlier
   * positions taken from `cache.self` (see `MultiHeadAttention.callWithCache`), and returns
   * the output (B, Tnew, d) — equal to rows Tpast… of a full `apply()` on the whole
   * sequence — and the new cache. New positions attend causally among themselves, so a
   * whole prompt can be fed in one call.
   *
   * With cross-attention, pass `encoderOutput` (B, Tenc, Denc) and its `encoderMask`
   * (B, Tenc) on the first call of a sequence (cache null or without `cross`): the encoder
   * keys/values (and mask) are projected once into `cache.cross` and reused by every later
   * call, which must not pass them again.
   *
   * The cache passed in is not disposed; the returned one consists of new tensor handles
   * only (the fixed `cross` part shares its data), so `disposeDecoderBlockCache(old)` after
   * each step is always safe. No self-attention padding mask: generation batches are
   * unpadded. Builds the block if needed. Tidy inside.
   */
  callWithCache(
    x: tf.Tensor3D,
    cache: DecoderBlockCache | null,
    options: { encoderOutput?: tf.Tensor3D; encoderMask?: tf.Tensor2D; training?: boolean } = {},
  ): { output: tf.Tensor3D; cache: DecoderBlockCache } {
    const { encoderOutput, encoderMask, training } = options;
    const label = layerLabel(this);
    if (x.rank !== 3) throw new Error(`${label}: callWithCache expected x of shape (batch, new positions, features), got ${formatShape(x.shape)}`);
    if (encoderOutput !== undefined && encoderOutput.rank !== 3) {
      throw new Error(`${label}: expected encoderOutput of shape (batch, source length, features), got ${formatShape(encoderOutput.shape)}`);
    }
    if (!this.built) {
      // Build inside the layer's name scope, as apply() would, on a one-position dummy input.
      if (encoderOutput === undefined && cache?.cross) throw new Error(`${label}: callWithCache on an unbuilt block needs encoderOutput to build its cross-attention`);
      const dummy = (features: number) => tf.zeros([1, 1, features]);
      tf.tidy(() => void this.apply(encoderOutput === undefined ? dummy(x.shape[2]) : [dummy(x.shape[2]), dummy(encoderOutput.shape[2])]));
    }
    if (x.shape[2] !== this.features) {
      throw new Error(`${label}: expected input features ${this.features} (the size it was built for), got shape ${formatShape(x.shape)}`);
    }
    this.checkCrossCacheInputs(x, cache, encoderOutput, encoderMask);
    return tidyRecord(() => {
      const [B, T, d] = x.shape;
      const toSequence = (h: tf.Tensor2D) => tf.reshape(h, [B, T, d]) as tf.Tensor3D;
      const toRows = (h: tf.Tensor3D) => tf.reshape(h, [B * T, d]) as tf.Tensor2D;
      let cross: AttentionCache | null = null;
      if (this.hasCrossAttention) {
        cross = cache?.cross ? shareAttentionCache(cache.cross) : this.crossAttention!.computeCrossCache(encoderOutput!, encoderMask);
      }
      let self: AttentionCache | null = null;

      let rows = toRows(x); // (B·Tnew, d)
      rows = residualBranch(rows, this.selfAttentionNorm!, this.norm, (h) => {
        const result = this.selfAttention!.callWithCache(toSequence(h), cache?.self ?? null, { training });
        self = result.cache;
        return toRows(result.output);
      }, this.dropout, training);
      if (cross !== null) {
        const crossCache = cross;
        rows = residualBranch(rows, this.crossAttentionNorm!, this.norm, (h) => toRows(this.crossAttention!.attendToCache(toSequence(h), crossCache, undefined, { training }).output), this.dropout, training);
      }
      rows = residualBranch(rows, this.feedforwardNorm!, this.norm, (h) => this.feedforward!.apply(h, { training }) as tf.Tensor2D, this.dropout, training);
      return { output: toSequence(rows), cache: { self, cross } };
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      intermediateDim: this.intermediateDim,
      keyDim: this.keyDim,
      dropout: this.dropout,
      activation: this.activation,
      norm: this.norm,
      layerNormEpsilon: this.layerNormEpsilon,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
    };
  }

  private layerNorm(name: string): tf.layers.Layer {
    return new LayerNorm({ name, epsilon: this.layerNormEpsilon });
  }

  private forward(inputs: tf.Tensor | tf.Tensor[], training: boolean | undefined): DecoderBlockAttention {
    const seqs = this.readInputs(inputs, tensorShape);
    const x = seqs[0].sequence as tf.Tensor3D;
    const [B, T, d] = x.shape;
    if (d !== this.features) {
      throw new Error(`${layerLabel(this)}: expected input features ${this.features} (the size it was built for), got shape ${formatShape(x.shape)}`);
    }
    const toSequence = (h: tf.Tensor2D) => tf.reshape(h, [B, T, d]) as tf.Tensor3D;
    const toRows = (h: tf.Tensor3D) => tf.reshape(h, [B * T, d]) as tf.Tensor2D;
    let selfAttention: tf.Tensor4D | null = null;
    let crossAttention: tf.Tensor4D | null = null;

    let rows = toRows(x); // (B·T, d)
    rows = residualBranch(rows, this.selfAttentionNorm!, this.norm, (h) => {
      const result = this.selfAttention!.attend(toSequence(h), null, seqs[0].mask, training);
      selfAttention = result.attention;
      return toRows(result.output);
    }, this.dropout, training);
    if (this.hasCrossAttention) {
      const context = seqs[1];
      rows = residualBranch(rows, this.crossAttentionNorm!, this.norm, (h) => {
        const result = this.crossAttention!.attend(toSequence(h), context.sequence as tf.Tensor3D, context.mask, training);
        crossAttention = result.attention;
        return toRows(result.output);
      }, this.dropout, training);
    }
    rows = residualBranch(rows, this.feedforwardNorm!, this.norm, (h) => this.feedforward!.apply(h, { training }) as tf.Tensor2D, this.dropout, training);
    return { output: toSequence(rows), selfAttention: selfAttention!, crossAttention };
  }

  /** The encoder inputs of callWithCache must match the block and the state of its cache. */
  private checkCrossCacheInputs(x: tf.Tensor3D, cache: DecoderBlockCache | null, encoderOutput: tf.Tensor3D | undefined, encoderMask: tf.Tensor2D | undefined): void {
    const label = layerLabel(this);
    if (!this.hasCrossAttention) {
      if (encoderOutput !== undefined || encoderMask !== undefined || (cache !== null && cache.cross !== null)) {
        const what = encoderOutput !== undefined ? `encoderOutput of shape ${formatShape(encoderOutput.shape)}` : encoderMask !== undefined ? 'an encoderMask' : 'a cache with cross-attention keys/values';
        throw new Error(`${label} was built without cross-attention but callWithCache was given ${what}`);
      }
      return;
    }
    const cached = cache !== null && cache.cross !== null;
    if (cached && (encoderOutput !== undefined || encoderMask !== undefined)) {
      throw new Error(
        `${label}: callWithCache was given ${encoderOutput !== undefined ? 'encoderOutput' : 'encoderMask'} but cache.cross already holds the encoder keys/values (and mask) ` +
          'of this sequence; pass them only on the first call (cache null), and start a new sequence with cache null',
      );
    }
    if (!cached && encoderOutput === undefined) {
      throw new Error(
        `${label} has cross-attention: the first callWithCache of a sequence (cache ${cache === null ? 'null' : 'without cross'}) needs options.encoderOutput ` +
          '(and encoderMask if the source is padded); later calls reuse cache.cross',
      );
    }
    if (encoderOutput !== undefined && encoderOutput.shape[0] !== x.shape[0]) {
      throw new Error(`${label}: x ${formatShape(x.shape)} and encoderOutput ${formatShape(encoderOutput.shape)} have different batch sizes`);
    }
  }

  private readInputs<T>(inputs: T | T[], shapeOf: (x: T) => readonly (number | null)[]): MaskedSequence<T>[] {
    const seqs = readMaskedSequences(inputs, shapeOf, layerLabel(this));
    if (seqs.length > 2) {
      throw new Error(`${layerLabel(this)}: expected [x, xMask?, encoderOutput?, encoderMask?], got ${seqs.length} sequences`);
    }
    if (this.built && (seqs.length === 2) !== this.hasCrossAttention) {
      throw new Error(
        this.hasCrossAttention
          ? `${layerLabel(this)} was built with cross-attention but was called without encoder outputs; pass [x, xMask?, encoderOutput, encoderMask?]`
          : `${layerLabel(this)} was built without cross-attention but was called with encoder outputs of shape ${formatShape(shapeOf(seqs[1].sequence))}`,
      );
    }
    return seqs;
  }
}

/**
 * New handles on a cache's tensors, sharing their data (a reshape to the same shape copies
 * nothing on any backend; tf.clone copies on wasm), so that the caller may dispose the old
 * cache whole while the new one keeps the fixed encoder keys/values alive.
 */
function shareAttentionCache(cache: AttentionCache): AttentionCache {
  const share = <T extends tf.Tensor>(t: T) => tf.reshape(t, t.shape) as T;
  const shared: AttentionCache = { key: share(cache.key), value: share(cache.value) };
  if (cache.keyMask !== undefined) shared.keyMask = share(cache.keyMask);
  return shared;
}

tf.serialization.registerClass(TransformerDecoderBlock);
