import * as tf from '@tensorflow/tfjs';
import { requireOneOf, requirePositiveInt } from './argChecks';
import { checkTokenIds } from './checkTokenIds';
import { BaseLayerArgs, CompositeLayer } from './CompositeLayer';
import { formatShape } from './formatShape';
import { createInitializer, InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';
import { PositionCallOptions } from './PositionCallOptions';
import { PositionEmbedding } from './PositionEmbedding';
import { sinusoidalEncoding } from './sinusoidalEncoding';

/** How {@link TokenAndPositionEmbedding} encodes positions. */
export type PositionalKind = 'learned' | 'sinusoidal';

const POSITIONAL_KINDS: readonly PositionalKind[] = ['learned', 'sinusoidal'];

/** Constructor arguments of {@link TokenAndPositionEmbedding}. */
export interface TokenAndPositionEmbeddingArgs extends BaseLayerArgs {
  /** Number of token ids; valid ids are 0 … vocabSize−1. */
  vocabSize: number;
  /** The longest sequence accepted (also the size of the learned position table). */
  maxLength: number;
  /** Width of the embeddings. */
  embedDim: number;
  /** `'learned'` (a trainable table, as GPT-2 and BERT) or `'sinusoidal'` (fixed, as Vaswani et al.). Default `'learned'`. */
  positional?: PositionalKind;
  /** Multiply token embeddings by √embedDim before adding positions (Vaswani et al. §3.4). Default false. */
  scaleTokenEmbeddings?: boolean;
  /** Initializer of the token (and learned position) tables. Default `'glorotUniform'`. */
  embeddingsInitializer?: InitializerArg | null;
  /**
   * Check on every call that the ids are integers in [0, vocabSize), with an error naming
   * the bad id and its position. Default true. Costs one host read of the (B, T) ids;
   * without it an out-of-range id silently reads garbage or zeros on some backends.
   */
  validateIds?: boolean;
}

/**
 * Token embedding plus position encoding: ids (B, T) → (B, T, embedDim).
 *
 * Sub-layers: `token_embedding` (a tf.layers embedding, weight
 * `<name>/token_embedding/embeddings`, exposed as `tokenEmbeddings` for weight tying) and,
 * for learned positions, `position_embedding` (a {@link PositionEmbedding}).
 *
 * **Token ids** outside [0, vocabSize) are an error, checked in `call()` on the concrete
 * ids before the lookup (see `validateIds`); a symbolic `apply()` has no values to check.
 * Sequences longer than maxLength are an error too.
 *
 * **Incremental decoding**: `embedAt(ids, startIndex)` embeds new tokens at positions
 * startIndex… (also `apply(ids, { startIndex })`).
 *
 * @example
 * const embed = new TokenAndPositionEmbedding({ vocabSize: 65, maxLength: 128, embedDim: 64 });
 * const x = embed.apply(ids) as tf.Tensor; // ids: int32 (B, T) → (B, T, 64)
 */
export class TokenAndPositionEmbedding extends CompositeLayer {
  static readonly className = 'TokenAndPositionEmbedding';

  readonly vocabSize: number;
  readonly maxLength: number;
  readonly embedDim: number;
  readonly positional: PositionalKind;
  readonly scaleTokenEmbeddings: boolean;
  readonly embeddingsInitializer: InitializerSpec;
  readonly validateIds: boolean;

  private readonly tokenEmbedding: tf.layers.Layer;
  private readonly positionEmbedding: PositionEmbedding | null;

  constructor(args: TokenAndPositionEmbeddingArgs) {
    super(args);
    const label = `${TokenAndPositionEmbedding.className} '${this.name}'`;
    this.vocabSize = requirePositiveInt(label, 'vocabSize', args.vocabSize);
    this.maxLength = requirePositiveInt(label, 'maxLength', args.maxLength);
    this.embedDim = requirePositiveInt(label, 'embedDim', args.embedDim);
    this.positional = requireOneOf(label, 'positional', args.positional ?? 'learned', POSITIONAL_KINDS);
    this.scaleTokenEmbeddings = args.scaleTokenEmbeddings ?? false;
    this.embeddingsInitializer = toInitializerSpec(args.embeddingsInitializer, 'glorotUniform');
    this.validateIds = args.validateIds ?? true;

    this.tokenEmbedding = this.nested(
      tf.layers.embedding({
        name: 'token_embedding',
        inputDim: this.vocabSize,
        outputDim: this.embedDim,
        embeddingsInitializer: createInitializer(this.embeddingsInitializer),
      }),
    );
    this.positionEmbedding =
      this.positional === 'learned'
        ? this.nested(new PositionEmbedding({ name: 'position_embedding', maxLength: this.maxLength, initializer: this.embeddingsInitializer }))
        : null;
  }

  /** The (vocabSize, embedDim) token embedding table, e.g. to tie an output projection to it. */
  get tokenEmbeddings(): tf.LayerVariable {
    const table = this.tokenEmbedding.weights[0];
    if (table === undefined) throw new Error(`${layerLabel(this)}: tokenEmbeddings needs a built layer`);
    return table;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.checkIdsShape(inputShape);
    this.buildNested(this.tokenEmbedding, [null, null], 'int32');
    if (this.positionEmbedding !== null) this.buildNested(this.positionEmbedding, [null, null, this.embedDim]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [B, T] = this.checkIdsShape(inputShape);
    return [B, T, this.embedDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: PositionCallOptions): tf.Tensor {
    return tf.tidy(() => this.embed(Array.isArray(inputs) ? inputs[0] : inputs, kwargs?.startIndex ?? 0));
  }

  /**
   * The embeddings of new positions for incremental decoding: ids (B, Tnew) at positions
   * startIndex … startIndex+Tnew−1 → (B, Tnew, embedDim), equal to those rows of a full
   * `apply()` on the whole sequence. Eager, outside the tf.layers graph (no apply()
   * bookkeeping per step); builds the layer if needed. Positions past maxLength are an
   * error: a caller generating longer sequences crops its window (GPT) first.
   */
  embedAt(ids: tf.Tensor2D, startIndex: number): tf.Tensor3D {
    if (!this.built) {
      this.checkIdsShape(ids.shape);
      tf.tidy(() => void this.apply(tf.zeros([1, 1], 'int32')));
    }
    return tf.tidy(() => this.embed(ids, startIndex));
  }

  /** Token embeddings plus positions startIndex…; call inside a tidy. */
  private embed(ids: tf.Tensor, startIndex: number): tf.Tensor3D {
    const [, T] = this.checkIdsShape(ids.shape) as number[];
    this.checkPositions(T, startIndex);
    if (this.validateIds) checkTokenIds(ids, this.vocabSize, layerLabel(this));
    let tokens = this.tokenEmbedding.apply(ids) as tf.Tensor3D; // (B, T, D)
    if (this.scaleTokenEmbeddings) tokens = tf.mul(tokens, Math.sqrt(this.embedDim));
    const positions =
      this.positionEmbedding !== null
        ? this.positionEmbedding.positions(T, startIndex, this.embedDim)
        : tf.tensor2d(sinusoidalEncoding(T, this.embedDim, startIndex), [T, this.embedDim]); // (T, D)
    return tf.add(tokens, positions);
  }

  private checkPositions(length: number, startIndex: number): void {
    if (!Number.isInteger(startIndex) || startIndex < 0) {
      throw new Error(`${layerLabel(this)}: expected startIndex to be a non-negative integer, got ${startIndex}`);
    }
    if (startIndex + length > this.maxLength) {
      throw new Error(
        `${layerLabel(this)}: sequence of length ${length} at startIndex ${startIndex} exceeds maxLength ${this.maxLength} ` +
          `(positions ${startIndex}…${startIndex + length - 1}; the last is ${this.maxLength - 1}): crop the context to the last ${this.maxLength} tokens`,
      );
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      vocabSize: this.vocabSize,
      maxLength: this.maxLength,
      embedDim: this.embedDim,
      positional: this.positional,
      scaleTokenEmbeddings: this.scaleTokenEmbeddings,
      embeddingsInitializer: this.embeddingsInitializer,
      validateIds: this.validateIds,
    };
  }

  private checkIdsShape(inputShape: tf.Shape | tf.Shape[] | number[]): tf.Shape {
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
    if (shapes.length !== 1 || shapes[0].length !== 2) {
      throw new Error(`${layerLabel(this)}: expected token ids of shape (batch, length), got ${shapes.map(formatShape).join(' and ')}`);
    }
    const T = shapes[0][1];
    if (T != null && T > this.maxLength) {
      throw new Error(`${layerLabel(this)}: sequence length ${T} exceeds maxLength ${this.maxLength} (ids of shape ${formatShape(shapes[0])})`);
    }
    return shapes[0];
  }
}

tf.serialization.registerClass(TokenAndPositionEmbedding);
