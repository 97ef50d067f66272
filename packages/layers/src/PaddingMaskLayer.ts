import * as tf from '@tensorflow/tfjs';
import { BaseLayerArgs } from './CompositeLayer';
import { formatShape } from './formatShape';
import { layerLabel } from './layerLabel';
import { paddingMask } from './paddingMask';

/** Constructor arguments of {@link PaddingMaskLayer}. */
export interface PaddingMaskLayerArgs extends BaseLayerArgs {
  /** The id that marks padding. Default 0 (tfzoo's PAD). */
  padId?: number;
}

/**
 * `paddingMask` as a layer: token ids (B, T) → float32 mask (B, T), 1 at real tokens and 0
 * where the id is `padId`. Lets a functional model compute its masks from its id input,
 * so the saved model takes ids alone.
 *
 * @example
 * const ids = tf.input({ shape: [64], dtype: 'int32' });
 * const mask = new PaddingMaskLayer().apply(ids) as tf.SymbolicTensor;
 * const x = encoderBlock.apply([embedded, mask]);
 */
export class PaddingMaskLayer extends tf.layers.Layer {
  static readonly className = 'PaddingMaskLayer';

  readonly padId: number;

  constructor(args: PaddingMaskLayerArgs = {}) {
    super(args);
    this.padId = args.padId ?? 0;
    if (!Number.isInteger(this.padId)) throw new Error(`${layerLabel(this)}: expected padId to be an integer, got ${JSON.stringify(args.padId)}`);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.checkIdsShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0] : inputs;
    this.checkIdsShape(ids.shape);
    return paddingMask(ids, this.padId);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padId: this.padId };
  }

  private checkIdsShape(inputShape: tf.Shape | tf.Shape[] | number[]): tf.Shape {
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
    if (shapes.length !== 1 || shapes[0].length !== 2) {
      throw new Error(`${layerLabel(this)}: expected token ids of shape (batch, length), got ${shapes.map(formatShape).join(' and ')}`);
    }
    return shapes[0];
  }
}

tf.serialization.registerClass(PaddingMaskLayer);
