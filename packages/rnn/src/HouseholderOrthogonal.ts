import * as tf from '@tensorflow/tfjs';
import { orthogonalMatrix } from './orthogonalMatrix';

/** Constructor arguments of {@link HouseholderOrthogonal}. */
export interface HouseholderOrthogonalArgs {
  /** Multiplies the orthogonal matrix. Default 1. */
  gain?: number;
  /**
   * Seed of the Gaussian the matrix is drawn from. Default: a fresh random seed per
   * `apply`, so two weights initialised by one initializer differ (as with tfjs's own).
   */
  seed?: number;
}

type InitializerInstance = ReturnType<typeof tf.initializers.zeros>;

// tf.layers' Initializer base class is not exported; reach it through a subclass. Extending
// it lets `addWeight` and tf.layers' own `getInitializer` accept this initializer.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as abstract new () => InitializerInstance;

/**
 * An orthogonal weight initializer with the distribution of tfjs's (and Keras's)
 * `Orthogonal` — the standard choice for recurrent kernels — computed in plain
 * JavaScript: `orthogonalMatrix` runs a Householder QR in milliseconds where tfjs's
 * `tf.linalg.qr` takes minutes for an LSTM's (256, 1024) recurrent kernel on the cpu
 * backend. A kernel of shape (…, n) is flattened to (rows, n) as tfjs does.
 *
 * Registered with tf.serialization as `HouseholderOrthogonal`, so layers can name it in
 * their config as `'householderOrthogonal'`.
 *
 * @example
 * tf.layers.dense({ units: 64, kernelInitializer: new HouseholderOrthogonal({ seed: 1 }) });
 */
export class HouseholderOrthogonal extends InitializerBase {
  static readonly className = 'HouseholderOrthogonal';

  readonly gain: number;
  readonly seed: number | null;

  constructor(args: HouseholderOrthogonalArgs = {}) {
    super();
    this.gain = args.gain ?? 1;
    if (!Number.isFinite(this.gain)) throw new Error(`HouseholderOrthogonal: expected a finite gain, got ${args.gain}`);
    if (args.seed != null && !Number.isInteger(args.seed)) throw new Error(`HouseholderOrthogonal: expected an integer seed, got ${args.seed}`);
    this.seed = args.seed ?? null;
  }

  override apply(shape: tf.Shape, dtype?: tf.DataType): tf.Tensor {
    const dims = shape as number[];
    if (dims.length < 2) throw new Error(`HouseholderOrthogonal: expected a shape of rank >= 2, got [${dims.join(', ')}]`);
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`HouseholderOrthogonal: expected dtype float32, got ${dtype}`);
    const cols = dims[dims.length - 1];
    const rows = dims.slice(0, -1).reduce((a, b) => a * b, 1);
    const seed = this.seed ?? Math.floor(Math.random() * 4294967296);
    return tf.tensor(orthogonalMatrix(rows, cols, seed, this.gain), dims, 'float32');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed };
  }

  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ gain: config.gain ?? undefined, seed: config.seed ?? undefined });
  }
}

tf.serialization.registerClass(HouseholderOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
