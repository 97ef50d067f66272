import * as tf from '@tensorflow/tfjs';
import { requireOneOf, requirePositiveInt, requireRate } from './argChecks';
import { BaseLayerArgs, CompositeLayer } from './CompositeLayer';
import { dropoutIfTraining } from './dropoutIfTraining';
import { formatShape } from './formatShape';
import { gelu } from './gelu';
import { createInitializer, InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';

/** The hidden activation of {@link FeedForward}. */
export type FeedForwardActivation = 'relu' | 'gelu';

/** The activations {@link FeedForward} accepts. */
export const FEED_FORWARD_ACTIVATIONS: readonly FeedForwardActivation[] = ['relu', 'gelu'];

/** Constructor arguments of {@link FeedForward}. */
export interface FeedForwardArgs extends BaseLayerArgs {
  /** Width of the hidden layer (4·d in the paper and in GPT-2). */
  intermediateDim: number;
  /** Width of the output. Default: the input's feature size, so the layer fits a residual connection. */
  outputDim?: number | null;
  /** `'relu'` (the paper) or `'gelu'` (exact, erf-based; BERT and GPT). Default `'relu'`. */
  activation?: FeedForwardActivation;
  /** Dropout rate on the output while training. Default 0. */
  dropout?: number;
  /** Whether the two dense layers have biases. Default true. */
  useBias?: boolean;
  /** Initializer of the kernels. Default `'glorotUniform'`. */
  kernelInitializer?: InitializerArg | null;
  /** Initializer of the biases. Default `'zeros'`. */
  biasInitializer?: InitializerArg | null;
}

/** Call options of {@link FeedForward}. */
export interface FeedForwardCallOptions {
  /** Training mode: enables dropout. `model.fit` sets it. */
  training?: boolean;
}

/**
 * The position-wise feed-forward network (Vaswani et al. 2017, §3.3):
 * `dropout(W₂ · act(W₁ x + b₁) + b₂)`, applied to every position independently.
 *
 * **Input** (…, d), typically (B, T, d); **output** (…, outputDim). Positions are flattened
 * to a (N, d) matrix so both projections are single 2-D matMuls.
 *
 * Sub-layers: `intermediate_dense` (d → intermediateDim) and `output_dense`
 * (intermediateDim → outputDim).
 *
 * @example
 * const ffn = new FeedForward({ intermediateDim: 256, activation: 'gelu', dropout: 0.1 });
 * const y = ffn.apply(x) as tf.Tensor; // (B, T, 64) → (B, T, 64)
 */
export class FeedForward extends CompositeLayer {
  static readonly className = 'FeedForward';

  readonly intermediateDim: number;
  readonly outputDim: number | null;
  readonly activation: FeedForwardActivation;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;

  private inputFeatures = 0;
  private intermediateDense: tf.layers.Layer | null = null;
  private outputDense: tf.layers.Layer | null = null;

  constructor(args: FeedForwardArgs) {
    super(args);
    const label = `${FeedForward.className} '${this.name}'`;
    this.intermediateDim = requirePositiveInt(label, 'intermediateDim', args.intermediateDim);
    this.outputDim = args.outputDim == null ? null : requirePositiveInt(label, 'outputDim', args.outputDim);
    this.activation = requireOneOf(label, 'activation', args.activation ?? 'relu', FEED_FORWARD_ACTIVATIONS);
    this.dropout = requireRate(label, 'dropout', args.dropout ?? 0);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = toInitializerSpec(args.kernelInitializer, 'glorotUniform');
    this.biasInitializer = toInitializerSpec(args.biasInitializer, 'zeros');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = this.checkInputShape(inputShape);
    const features = shape[shape.length - 1];
    if (features == null) throw new Error(`${layerLabel(this)}: the feature size of the input must be known to build, got ${formatShape(shape)}`);
    this.inputFeatures = features;
    this.intermediateDense = this.nested(this.dense('intermediate_dense', this.intermediateDim));
    this.buildNested(this.intermediateDense, [null, features]);
    this.outputDense = this.nested(this.dense('output_dense', this.outputDim ?? features));
    this.buildNested(this.outputDense, [null, this.intermediateDim]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = this.checkInputShape(inputShape);
    return [...shape.slice(0, -1), this.outputDim ?? shape[shape.length - 1]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: FeedForwardCallOptions): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      this.checkInputShape(x.shape);
      const features = x.shape[x.rank - 1];
      if (features !== this.inputFeatures) {
        throw new Error(`${layerLabel(this)}: expected input features ${this.inputFeatures} (the size it was built for), got shape ${formatShape(x.shape)}`);
      }
      const rows = tf.reshape(x, [-1, features]); // (N, d)
      const hidden = this.intermediateDense!.apply(rows) as tf.Tensor2D; // (N, intermediateDim)
      const activated = this.activation === 'gelu' ? gelu(hidden) : tf.relu(hidden);
      const out = this.outputDense!.apply(activated) as tf.Tensor2D; // (N, outputDim)
      return dropoutIfTraining(tf.reshape(out, [...x.shape.slice(0, -1), out.shape[1]]), this.dropout, kwargs?.training);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      intermediateDim: this.intermediateDim,
      outputDim: this.outputDim,
      activation: this.activation,
      dropout: this.dropout,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
    };
  }

  private dense(name: string, units: number): tf.layers.Layer {
    return tf.layers.dense({
      name,
      units,
      useBias: this.useBias,
      kernelInitializer: createInitializer(this.kernelInitializer),
      biasInitializer: createInitializer(this.biasInitializer),
    });
  }

  private checkInputShape(inputShape: tf.Shape | tf.Shape[] | number[]): tf.Shape {
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
    if (shapes.length !== 1 || shapes[0].length < 2) {
      throw new Error(`${layerLabel(this)}: expected one input of shape (…, features) with rank ≥ 2, got ${shapes.map(formatShape).join(' and ')}`);
    }
    return shapes[0];
  }
}

tf.serialization.registerClass(FeedForward);
