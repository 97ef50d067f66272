import * as tf from '@tensorflow/tfjs';
import { requirePositive } from './argChecks';
import { BaseLayerArgs } from './CompositeLayer';
import { PositionCallOptions } from './PositionCallOptions';
import { checkSequenceShape } from './checkSequenceShape';
import { layerLabel } from './layerLabel';
import { sinusoidalEncoding } from './sinusoidalEncoding';

/** Constructor arguments of {@link SinusoidalPositionalEncoding}. */
export interface SinusoidalPositionalEncodingArgs extends BaseLayerArgs {
  /** The base of the geometric progression of wavelengths. Default 10000, as in the paper. */
  maxWavelength?: number;
}

/**
 * Fixed sinusoidal position encodings (Vaswani et al. 2017, §3.5):
 * PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)),
 * exactly as written, odd widths d included.
 *
 * **Input** (B, T, d), usually token embeddings. **Output** the encodings for positions
 * 0 … T−1, broadcast to the input's shape; add them to the input yourself (as keras-hub's
 * SinePositionEncoding). No weights; sequences of any length. The `startIndex` call
 * option or `positions(length, startIndex, width)` give later positions (incremental
 * decoding).
 *
 * @example
 * const x = tokenEmbedding.apply(ids) as tf.Tensor;                   // (B, T, d)
 * const withPositions = tf.add(x, new SinusoidalPositionalEncoding().apply(x) as tf.Tensor);
 */
export class SinusoidalPositionalEncoding extends tf.layers.Layer {
  static readonly className = 'SinusoidalPositionalEncoding';

  readonly maxWavelength: number;

  constructor(args: SinusoidalPositionalEncodingArgs = {}) {
    super(args);
    this.maxWavelength = requirePositive(`${SinusoidalPositionalEncoding.className} '${this.name}'`, 'maxWavelength', args.maxWavelength ?? 10000);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return checkSequenceShape(this, inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: PositionCallOptions): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [B, T, d] = checkSequenceShape(this, x.shape) as number[];
      return tf.broadcastTo(tf.expandDims(this.positions(T, kwargs?.startIndex ?? 0, d)), [B, T, d]);
    });
  }

  /**
   * The encodings of positions startIndex … startIndex+length−1, (length, width): for
   * incremental decoding, and for layers that add positions without a broadcast.
   */
  positions(length: number, startIndex: number, width: number): tf.Tensor2D {
    if (!Number.isInteger(startIndex) || startIndex < 0) {
      throw new Error(`${layerLabel(this)}: expected startIndex to be a non-negative integer, got ${startIndex}`);
    }
    return tf.tensor2d(sinusoidalEncoding(length, width, startIndex, this.maxWavelength), [length, width]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxWavelength: this.maxWavelength };
  }
}

tf.serialization.registerClass(SinusoidalPositionalEncoding);
