import * as tf from '@tensorflow/tfjs';
import type { BaseLayerArgs } from '@tfzoo/layers';

/** Constructor arguments of {@link LanguageModelHead}. */
export interface LanguageModelHeadArgs extends BaseLayerArgs {
  /** Number of output classes (token ids). */
  vocabSize: number;
  /**
   * Reuse the token embedding table E (vocabSize, d) as the projection, logits = h Eᵀ + b
   * (weight tying, as GPT-2). The layer then owns only its bias, and must be connected to
   * the table with `tieTo` before it is called. Default false: its own kernel (d, vocabSize).
   */
  tied?: boolean;
  /** Standard deviation of the untied kernel's normal initializer. Default 0.02, as GPT-2. */
  kernelStddev?: number;
}

/** Anything that holds a (vocabSize, d) token table, e.g. `TokenAndPositionEmbedding`. */
export interface TokenTableSource {
  readonly tokenEmbeddings: tf.LayerVariable;
}

/**
 * The output layer of a language model: hidden states (B, T, d) → logits (B, T, vocabSize),
 * `W_o h + b_o`. The softmax is left to the loss (log-softmax, stable) and to the samplers,
 * so the model outputs logits.
 *
 * Untied, W_o is the layer's own `kernel`. Tied, W_o is the transposed token embedding table
 * of another layer, given by `tieTo(embedding)`: the weight is stored once (under the
 * embedding's name) and trained by both uses. A tied head loaded by `tf.loadLayersModel`
 * alone is not connected; `loadGPT` connects it.
 *
 * GPT names it `lm_head`, so its weights are `lm_head/kernel` and `lm_head/bias`.
 *
 * @example
 * const head = new LanguageModelHead({ name: 'lm_head', vocabSize: 65, tied: true });
 * head.tieTo(embedding);
 * const logits = head.apply(hidden); // (B, T, d) → (B, T, 65)
 */
export class LanguageModelHead extends tf.layers.Layer {
  static readonly className = 'LanguageModelHead';

  readonly vocabSize: number;
  readonly tied: boolean;
  readonly kernelStddev: number;

  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private table: TokenTableSource | null = null;

  constructor(args: LanguageModelHeadArgs) {
    super(args);
    if (!Number.isInteger(args.vocabSize) || args.vocabSize < 1) {
      throw new Error(`LanguageModelHead '${this.name}': expected vocabSize to be a positive integer, got ${JSON.stringify(args.vocabSize)}`);
    }
    this.vocabSize = args.vocabSize;
    this.tied = args.tied ?? false;
    this.kernelStddev = args.kernelStddev ?? 0.02;
  }

  /** Connects a tied head to its token table (call before the first `apply`). */
  tieTo(source: TokenTableSource): void {
    if (!this.tied) throw new Error(`LanguageModelHead '${this.name}' is untied (it has its own kernel); tieTo() needs tied: true`);
    this.table = source;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1];
    if (d == null) throw new Error(`LanguageModelHead '${this.name}': the feature size of the input must be known to build, got [${shape}]`);
    if (!this.tied) {
      const init = tf.initializers.randomNormal({ mean: 0, stddev: this.kernelStddev });
      this.kernel = this.addWeight('kernel', [d, this.vocabSize], 'float32', init);
    }
    this.bias = this.addWeight('bias', [this.vocabSize], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.vocabSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const h = Array.isArray(inputs) ? inputs[0] : inputs;
      const d = h.shape[h.rank - 1];
      const rows = tf.reshape(h, [-1, d]) as tf.Tensor2D; // (B·T, d): wasm's fast matMul path
      let logits: tf.Tensor2D;
      if (this.tied) {
        const table = this.tokenTable();
        if (table.shape[0] !== this.vocabSize || table.shape[1] !== d) {
          throw new Error(`LanguageModelHead '${this.name}': tied to a token table of shape [${table.shape}], expected [${this.vocabSize}, ${d}]`);
        }
        logits = tf.matMul(rows, table.read() as tf.Tensor2D, false, true); // (B·T, V)
      } else {
        logits = tf.matMul(rows, this.kernel!.read() as tf.Tensor2D); // (B·T, V)
      }
      return tf.reshape(tf.add(logits, this.bias!.read()), [...h.shape.slice(0, -1), this.vocabSize]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, tied: this.tied, kernelStddev: this.kernelStddev };
  }

  private tokenTable(): tf.LayerVariable {
    if (this.table === null) {
      throw new Error(
        `LanguageModelHead '${this.name}' is tied to the token embeddings but not connected to them; ` +
          'load GPT models with loadGPT(dir) (or call tieTo(embeddingLayer))',
      );
    }
    return this.table.tokenEmbeddings;
  }
}

tf.serialization.registerClass(LanguageModelHead);
