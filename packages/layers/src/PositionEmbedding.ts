import * as tf from '@tensorflow/tfjs';
import { requirePositiveInt } from './argChecks';
import { checkSequenceShape } from './checkSequenceShape';
import { BaseLayerArgs } from './CompositeLayer';
import { createInitializer, InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';
import { PositionCallOptions } from './PositionCallOptions';

/** Constructor arguments of {@link PositionEmbedding}. */
export interface PositionEmbeddingArgs extends BaseLayerArgs {
  /** The longest sequence (number of positions) the layer has embeddings for. */
  maxLength: number;
  /** Initializer of the (maxLength, d) embedding table. Default `'glorotUniform'`. */
  initializer?: InitializerArg | null;
}

/**
 * Learned position embeddings: a trainable (maxLength, d) table whose row p is the
 * embedding of position p (as in GPT-2 and BERT).
 *
 * **Input** (B, T, d), usually token embeddings; T + startIndex must not exceed maxLength.
 * **Output** rows startIndex … startIndex+T−1 of the table, broadcast to the input's shape;
 * add them to the input yourself. The width d is taken from the input at build time.
 * `positions(length, startIndex)` returns the rows themselves, (length, d), eagerly
 * (incremental decoding).
 *
 * @example
 * const positions = new PositionEmbedding({ maxLength: 256 }).apply(x); // x: (B, T, d)
 */
export class PositionEmbedding extends tf.layers.Layer {
  static readonly className = 'PositionEmbedding';

  readonly maxLength: number;
  readonly initializer: InitializerSpec;

  private table: tf.LayerVariable | null = null;

  constructor(args: PositionEmbeddingArgs) {
    super(args);
    this.maxLength = requirePositiveInt(`${PositionEmbedding.className} '${this.name}'`, 'maxLength', args.maxLength);
    this.initializer = toInitializerSpec(args.initializer, 'glorotUniform');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const width = checkSequenceShape(this, inputShape)[2];
    if (width == null) throw new Error(`${layerLabel(this)}: the feature size of the input must be known to build`);
    this.table = this.addWeight('embeddings', [this.maxLength, width], 'float32', createInitializer(this.initializer));
    this.built = true;
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
   * Rows startIndex … startIndex+length−1 of the table, (length, d). For layers that add
   * positions to their own embeddings without a broadcast.
   */
  positions(length: number, startIndex = 0, expectedWidth?: number): tf.Tensor2D {
    if (this.table === null) throw new Error(`${layerLabel(this)}: positions() needs a built layer`);
    const [maxLength, width] = this.table.shape as number[];
    if (expectedWidth !== undefined && expectedWidth !== width) {
      throw new Error(`${layerLabel(this)}: built for features ${width}, got input features ${expectedWidth}`);
    }
    if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex + length > maxLength) {
      throw new Error(
        `${layerLabel(this)}: positions ${startIndex}…${startIndex + length - 1} are outside the ${maxLength} embedded positions ` +
          `(sequence length ${length}, startIndex ${startIndex}, maxLength ${maxLength})`,
      );
    }
    return tf.slice(this.table.read(), [startIndex, 0], [length, width]) as tf.Tensor2D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxLength: this.maxLength, initializer: this.initializer };
  }
}

tf.serialization.registerClass(PositionEmbedding);
