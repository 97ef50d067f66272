import * as tf from '@tensorflow/tfjs';
import { BaseLayerArgs, CompositeLayer, LayerNorm, TokenAndPositionEmbedding, gelu } from '@tfzoo/layers';

/** Constructor arguments of {@link MaskedLMHead}. */
export interface MaskedLMHeadArgs extends BaseLayerArgs {
  /**
   * The model's embedding layer: its (vocabSize, d) token table is the output projection
   * (weight tying, as BERT), so the head adds only a transform, a layer norm and a bias.
   */
  embedding: TokenAndPositionEmbedding;
  /** Epsilon of the layer norm. Default 1e-5. */
  layerNormEpsilon?: number;
}

/**
 * BERT's masked-language-model head (Devlin et al. 2019, and keras-hub's `MaskedLMHead`):
 * reads the encoder output only at the masked positions, then
 * `LayerNorm(gelu(dense(h))) · Eᵀ + b` gives logits over the vocabulary, with E the
 * token embedding table.
 *
 * **Inputs** `[hidden (B, T, d), positions]` with either
 * - `positions` (B, P) int32: for each row, P positions in [0, T) to predict (as keras-hub;
 *   rows with fewer real predictions repeat a position and give it zero loss weight),
 *   **output** logits (B, P, vocabSize); or
 * - `positions` (N,) int32: flat indices `b·T + t` of the N predicted tokens of the whole
 *   batch, **output** logits (N, vocabSize). No padding slots, so the (N, d) × (d, V)
 *   projection, the costliest product of pre-training, does no wasted work.
 *
 * Projecting only the chosen positions (about 15 % of the tokens) rather than all B·T
 * keeps that product small.
 *
 * Sub-layers: `transform` (dense d → d), `layer_norm`; own weight `output_bias` (V,).
 * Not registered for serialization: it holds a reference to another layer, so it is
 * rebuilt from the classifier's config rather than from its own.
 *
 * @example
 * const head = new MaskedLMHead({ name: 'mlm_head', embedding });
 * const logits = head.apply([graph.hidden, positions]) as tf.SymbolicTensor; // positions (B, P) → (B, P, V)
 */
export class MaskedLMHead extends CompositeLayer {
  static readonly className = 'MaskedLMHead';

  readonly layerNormEpsilon: number;

  private readonly embedding: TokenAndPositionEmbedding;
  private readonly transform: tf.layers.Layer;
  private readonly layerNorm: LayerNorm;
  private outputBias: tf.LayerVariable | null = null;

  constructor(args: MaskedLMHeadArgs) {
    super(args);
    this.embedding = args.embedding;
    this.layerNormEpsilon = args.layerNormEpsilon ?? 1e-5;
    this.transform = this.nested(
      tf.layers.dense({ name: 'transform', units: args.embedding.embedDim, kernelInitializer: 'glorotUniform' }),
    );
    this.layerNorm = this.nested(new LayerNorm({ name: 'layer_norm', epsilon: this.layerNormEpsilon }));
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [hidden, positions] = this.checkShapes(inputShape);
    const d = this.embedding.embedDim;
    if (hidden[2] !== d) throw new Error(`MaskedLMHead '${this.name}': expected hidden states of width ${d}, got shape [${hidden}]`);
    if (positions.length !== 1 && positions.length !== 2) {
      throw new Error(`MaskedLMHead '${this.name}': expected positions of shape (batch, predictions) or flat (predictions,), got [${positions}]`);
    }
    this.buildNested(this.transform, [null, d]);
    this.buildNested(this.layerNorm, [null, d]);
    this.outputBias = this.addWeight('output_bias', [this.embedding.vocabSize], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [hidden, positions] = this.checkShapes(inputShape);
    const V = this.embedding.vocabSize;
    return positions.length === 1 ? [positions[0], V] : [hidden[0], positions[1], V];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [hidden, positions] = inputs as [tf.Tensor3D, tf.Tensor];
      const [B, T, d] = hidden.shape;
      const rows = tf.reshape(hidden, [B * T, d]); // (B·T, d)
      let flat: tf.Tensor1D; // (N,) rows of `rows` to predict at
      if (positions.rank === 1) {
        flat = tf.cast(positions, 'int32') as tf.Tensor1D;
      } else {
        // Row b's position p is row b·T + p of the flattened states.
        const offsets = tf.reshape(tf.range(0, B * T, T, 'int32'), [B, 1]); // (B, 1): 0, T, 2T, …
        flat = tf.reshape(tf.add(tf.cast(positions, 'int32'), offsets), [-1]) as tf.Tensor1D; // (B·P,)
      }
      let h = tf.gather(rows, flat); // (N, d)
      h = gelu(this.transform.apply(h) as tf.Tensor2D);
      h = this.layerNorm.apply(h) as tf.Tensor2D;
      const table = this.embedding.tokenEmbeddings.read(); // (V, d)
      const logits = tf.add(tf.matMul(h, table, false, true), this.outputBias!.read()); // (N, V)
      return positions.rank === 1 ? logits : tf.reshape(logits, [B, positions.shape[1]!, this.embedding.vocabSize]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), layerNormEpsilon: this.layerNormEpsilon };
  }

  private checkShapes(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape] {
    if (!Array.isArray(inputShape[0]) || inputShape.length !== 2) {
      throw new Error(`MaskedLMHead '${this.name}': expected inputs [hidden (B, T, d), positions (B, P)], got ${JSON.stringify(inputShape)}`);
    }
    return inputShape as [tf.Shape, tf.Shape];
  }
}
