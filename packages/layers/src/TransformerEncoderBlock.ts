import * as tf from '@tensorflow/tfjs';
import { requireOneOf, requirePositive, requirePositiveInt, requireRate } from './argChecks';
import { BaseLayerArgs, CompositeLayer } from './CompositeLayer';
import { FEED_FORWARD_ACTIVATIONS, FeedForward, FeedForwardActivation } from './FeedForward';
import { formatShape } from './formatShape';
import { InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';
import { LayerNorm } from './LayerNorm';
import { MaskedSequence, readMaskedSequences, shapeItself, shapeList, tensorShape } from './maskedSequenceInputs';
import { MultiHeadAttention } from './MultiHeadAttention';
import { headSize, NORM_PLACEMENTS, NormPlacement, residualBranch } from './residualBranch';

/** Constructor arguments of {@link TransformerEncoderBlock}. */
export interface TransformerEncoderBlockArgs extends BaseLayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Hidden width of the feed-forward network (4·d in the paper). */
  intermediateDim: number;
  /** Size of each head's query/key/value vectors. Default: feature size / numHeads (which must divide). */
  keyDim?: number | null;
  /** Dropout rate for the attention weights and each sub-layer's output, while training. Default 0. */
  dropout?: number;
  /** Feed-forward activation. Default `'relu'`. */
  activation?: FeedForwardActivation;
  /** `'post'`: LayerNorm(x + SubLayer(x)) (the paper); `'pre'`: x + SubLayer(LayerNorm(x)). Default `'post'`. */
  norm?: NormPlacement;
  /** Epsilon of the layer norms. Default 1e-5. */
  layerNormEpsilon?: number;
  /** Initializer of the dense kernels. Default `'glorotUniform'`. */
  kernelInitializer?: InitializerArg | null;
  /** Initializer of the dense biases. Default `'zeros'`. */
  biasInitializer?: InitializerArg | null;
}

/** Call options of the transformer blocks. */
export interface TransformerBlockCallOptions {
  /** Training mode: enables dropout. `model.fit` sets it. */
  training?: boolean;
}

/** What {@link TransformerEncoderBlock.callAndReturnAttention} returns. */
export interface EncoderBlockAttention {
  /** (B, T, d) */
  output: tf.Tensor3D;
  /** (B, numHeads, T, T): the self-attention weights. */
  attention: tf.Tensor4D;
}

/**
 * A transformer encoder block (Vaswani et al. 2017, §3.1): bidirectional multi-head
 * self-attention, then a position-wise feed-forward network, each wrapped in a residual
 * connection with a layer norm: `LayerNorm(x + SubLayer(x))` with `norm: 'post'` (default,
 * as in the paper and BERT) or `x + SubLayer(LayerNorm(x))` with `norm: 'pre'` (then the
 * model should end with a final LayerNorm). Dropout, when training, applies to the
 * attention weights and to each sub-layer's output before the residual addition.
 *
 * **Inputs**: `x` (B, T, d), or `[x, paddingMask]` with paddingMask (B, T) of 1 = real
 * token, 0 = padding: padded positions are never attended to, so the outputs at real
 * positions do not depend on padding. (Outputs at padded positions are computed but
 * meaningless; pool with MaskedMeanPooling.) **Output** (B, T, d).
 *
 * Sub-layers: `self_attention` ({@link MultiHeadAttention}), `self_attention_layer_norm`,
 * `feedforward` ({@link FeedForward}), `feedforward_layer_norm`.
 *
 * @example
 * const ids = tf.input({ shape: [64], dtype: 'int32' });
 * const mask = new PaddingMaskLayer().apply(ids) as tf.SymbolicTensor;
 * let x = new TokenAndPositionEmbedding({ vocabSize: 8000, maxLength: 64, embedDim: 128 }).apply(ids) as tf.SymbolicTensor;
 * x = new TransformerEncoderBlock({ numHeads: 4, intermediateDim: 512 }).apply([x, mask]) as tf.SymbolicTensor;
 */
export class TransformerEncoderBlock extends CompositeLayer {
  static readonly className = 'TransformerEncoderBlock';

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
  private selfAttention: MultiHeadAttention | null = null;
  private selfAttentionNorm: tf.layers.Layer | null = null;
  private feedforward: FeedForward | null = null;
  private feedforwardNorm: tf.layers.Layer | null = null;

  constructor(args: TransformerEncoderBlockArgs) {
    super(args);
    const label = `${TransformerEncoderBlock.className} '${this.name}'`;
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
    const [x] = this.readInputs(shapeList(inputShape), shapeItself);
    const features = x.sequence[2];
    if (features == null) throw new Error(`${layerLabel(this)}: the feature size of the input must be known to build, got ${formatShape(x.sequence)}`);
    this.features = features;
    const init = { kernelInitializer: this.kernelInitializer, biasInitializer: this.biasInitializer };

    this.selfAttention = this.nested(
      new MultiHeadAttention({
        name: 'self_attention',
        numHeads: this.numHeads,
        keyDim: headSize(layerLabel(this), features, this.numHeads, this.keyDim),
        dropout: this.dropout,
        ...init,
      }),
    );
    this.buildNested(this.selfAttention, [null, null, features]);
    this.selfAttentionNorm = this.nested(new LayerNorm({ name: 'self_attention_layer_norm', epsilon: this.layerNormEpsilon }));
    this.buildNested(this.selfAttentionNorm, [null, features]);
    this.feedforward = this.nested(
      new FeedForward({ name: 'feedforward', intermediateDim: this.intermediateDim, activation: this.activation, ...init }),
    );
    this.buildNested(this.feedforward, [null, features]);
    this.feedforwardNorm = this.nested(new LayerNorm({ name: 'feedforward_layer_norm', epsilon: this.layerNormEpsilon }));
    this.buildNested(this.feedforwardNorm, [null, features]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.readInputs(shapeList(inputShape), shapeItself)[0].sequence;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: TransformerBlockCallOptions): tf.Tensor {
    return tf.tidy(() => this.forward(inputs, kwargs?.training).output);
  }

  /** Runs the block on concrete tensors and also returns its self-attention weights. Builds the layer if needed. */
  callAndReturnAttention(inputs: tf.Tensor | tf.Tensor[], kwargs: TransformerBlockCallOptions = {}): EncoderBlockAttention {
    if (!this.built) tf.tidy(() => void this.apply(inputs, kwargs));
    return tf.tidy(() => {
      const { output, attention } = this.forward(inputs, kwargs.training);
      return { output, attention };
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

  private forward(inputs: tf.Tensor | tf.Tensor[], training: boolean | undefined): EncoderBlockAttention {
    const [{ sequence, mask }] = this.readInputs(inputs, tensorShape);
    const x = sequence as tf.Tensor3D;
    const [B, T, d] = x.shape;
    if (d !== this.features) {
      throw new Error(`${layerLabel(this)}: expected input features ${this.features} (the size it was built for), got shape ${formatShape(x.shape)}`);
    }
    let attention: tf.Tensor4D | null = null;
    let rows = tf.reshape(x, [B * T, d]) as tf.Tensor2D; // (B·T, d)
    rows = residualBranch(rows, this.selfAttentionNorm!, this.norm, (h) => {
      const result = this.selfAttention!.attend(tf.reshape(h, [B, T, d]) as tf.Tensor3D, null, mask, training);
      attention = result.attention;
      return tf.reshape(result.output, [B * T, d]) as tf.Tensor2D;
    }, this.dropout, training);
    rows = residualBranch(rows, this.feedforwardNorm!, this.norm, (h) => this.feedforward!.apply(h, { training }) as tf.Tensor2D, this.dropout, training);
    return { output: tf.reshape(rows, [B, T, d]) as tf.Tensor3D, attention: attention! };
  }

  private readInputs<T>(inputs: T | T[], shapeOf: (x: T) => readonly (number | null)[]): MaskedSequence<T>[] {
    const seqs = readMaskedSequences(inputs, shapeOf, layerLabel(this));
    if (seqs.length !== 1) {
      throw new Error(`${layerLabel(this)}: expected x or [x, paddingMask], got ${seqs.length} sequences (an encoder block has no cross-attention)`);
    }
    return seqs;
  }
}

tf.serialization.registerClass(TransformerEncoderBlock);
