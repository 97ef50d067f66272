import * as tf from '@tensorflow/tfjs';
import { formatShape } from './formatShape';
import { layerLabel } from './layerLabel';
import { readMaskedSequences, shapeItself, shapeList, tensorShape } from './maskedSequenceInputs';
import { BaseLayerArgs } from './CompositeLayer';

/** Constructor arguments of {@link MaskedMeanPooling} (only the base layer arguments). */
export type MaskedMeanPoolingArgs = BaseLayerArgs;

/**
 * Mean over the real (non-padding) positions of a sequence: (B, T, d) → (B, d).
 *
 * **Inputs**: `[x, paddingMask]` with paddingMask (B, T) of 1 = real token, 0 = padding, so
 * padding never changes the pooled vector; or `x` alone for a plain mean over T. A
 * sequence with no real position pools to zeros (not NaN).
 *
 * @example
 * const pooled = new MaskedMeanPooling().apply([encoded, mask]) as tf.SymbolicTensor; // (B, d)
 */
export class MaskedMeanPooling extends tf.layers.Layer {
  static readonly className = 'MaskedMeanPooling';

  constructor(args: MaskedMeanPoolingArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [x] = this.readInputs(shapeList(inputShape), shapeItself);
    return [x.sequence[0], x.sequence[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [{ sequence, mask }] = this.readInputs(inputs, tensorShape);
      if (mask === null) return tf.mean(sequence, 1);
      const weights = tf.expandDims(tf.cast(mask, 'float32'), 2); // (B, T, 1)
      const total = tf.sum(tf.mul(sequence, weights), 1); // (B, d)
      const count = tf.maximum(tf.sum(weights, 1), 1); // (B, 1); an all-padding row divides 0 by 1
      return tf.div(total, count);
    });
  }

  private readInputs<T>(inputs: T | T[], shapeOf: (x: T) => readonly (number | null)[]) {
    const seqs = readMaskedSequences(inputs, shapeOf, layerLabel(this));
    if (seqs.length !== 1) {
      throw new Error(`${layerLabel(this)}: expected x or [x, paddingMask], got ${seqs.length} sequences (${seqs.map((s) => formatShape(shapeOf(s.sequence))).join(', ')})`);
    }
    return seqs;
  }
}

tf.serialization.registerClass(MaskedMeanPooling);
