import * as tf from '@tensorflow/tfjs';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '@tfzoo/core';
import { requirePositive } from './argChecks';
import { BaseLayerArgs } from './CompositeLayer';
import { formatShape } from './formatShape';
import { createInitializer, InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';

/** Constructor arguments of {@link LayerNorm}. */
export interface LayerNormArgs extends BaseLayerArgs {
  /** Added to the variance before the square root. Default 1e-5 (PyTorch, keras-hub transformers). */
  epsilon?: number;
  /** Initializer of the scale γ. Default `'ones'`. */
  gammaInitializer?: InitializerArg | null;
  /** Initializer of the offset β. Default `'zeros'`. */
  betaInitializer?: InitializerArg | null;
}

/**
 * Layer normalization over the last axis (Ba et al. 2016):
 * `γ · (x − mean) / √(var + ε) + β`, with mean and (biased) variance over the features of
 * each position, and trainable `gamma` and `beta` of the feature size.
 *
 * Why not tf.layers.layerNormalization: it tiles the statistics and parameters to the
 * input's shape, and tfjs differentiates Tile with one slice per repetition, so a
 * backward pass over (N, d) rows costs about N + 2d slice kernels per norm (thousands
 * per step in a real model). This layer uses broadcasting ops only, whose gradients are
 * single reductions. Same weight names (`gamma`, `beta`) and the same results.
 * Where the running backend has @tfzoo/core's fused layer-norm kernels (wasm), the norm and
 * its gradient are one kernel each instead of about 9 and 20.
 *
 * **Input** (…, d), any rank ≥ 1; **output** the same shape.
 *
 * @example
 * const finalNorm = new LayerNorm({ name: 'final_layer_norm' });
 * const y = finalNorm.apply(x); // (B, T, d) → (B, T, d)
 */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'LayerNorm';

  readonly epsilon: number;
  readonly gammaInitializer: InitializerSpec;
  readonly betaInitializer: InitializerSpec;

  private features = 0;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super(args);
    this.epsilon = requirePositive(`${LayerNorm.className} '${this.name}'`, 'epsilon', args.epsilon ?? 1e-5);
    this.gammaInitializer = toInitializerSpec(args.gammaInitializer, 'ones');
    this.betaInitializer = toInitializerSpec(args.betaInitializer, 'zeros');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = this.checkInputShape(inputShape);
    const features = shape[shape.length - 1];
    if (features == null) throw new Error(`${layerLabel(this)}: the feature size of the input must be known to build, got ${formatShape(shape)}`);
    this.features = features;
    this.gamma = this.addWeight('gamma', [features], 'float32', createInitializer(this.gammaInitializer));
    this.beta = this.addWeight('beta', [features], 'float32', createInitializer(this.betaInitializer));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.checkInputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      this.checkInputShape(x.shape);
      if (x.shape[x.rank - 1] !== this.features) {
        throw new Error(`${layerLabel(this)}: expected input features ${this.features} (the size it was built for), got shape ${formatShape(x.shape)}`);
      }
      const gamma = this.gamma!.read();
      const beta = this.beta!.read();
      const backend = tf.getBackend();
      if (x.dtype === 'float32' && tf.getKernel(LAYER_NORM_KERNEL, backend) != null && tf.getKernel(LAYER_NORM_GRAD_KERNEL, backend) != null) {
        return fusedLayerNorm(x, gamma, beta, this.epsilon);
      }
      const mean = tf.mean(x, -1, true); // (…, 1)
      const centered = tf.sub(x, mean);
      const variance = tf.mean(tf.square(centered), -1, true); // (…, 1)
      const normalized = tf.mul(centered, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, gamma), beta);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      gammaInitializer: this.gammaInitializer,
      betaInitializer: this.betaInitializer,
    };
  }

  private checkInputShape(inputShape: tf.Shape | tf.Shape[] | number[]): tf.Shape {
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
    if (shapes.length !== 1 || shapes[0].length < 1) {
      throw new Error(`${layerLabel(this)}: expected one input of shape (…, features), got ${shapes.map(formatShape).join(' and ')}`);
    }
    return shapes[0];
  }
}

/** The norm as one kernel, with its gradient (dx, dγ, dβ) as one kernel. */
function fusedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  // customGrad passes the inputs, then the function that saves tensors for the gradient.
  const norm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, offset] = args as tf.Tensor[];
    (args[3] as tf.GradSaveFunc)([input, scale]);
    return {
      value: tf.engine().runKernel(LAYER_NORM_KERNEL, { x: input, gamma: scale, beta: offset }, { epsilon }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy, x: saved[0], gamma: saved[1] }, { epsilon }) as tf.Tensor[],
    };
  }) as (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;
  return norm(x, gamma, beta);
}

tf.serialization.registerClass(LayerNorm);
