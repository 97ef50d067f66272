import * as tf from '@tensorflow/tfjs';
import { requirePositiveInt, requireRate } from './argChecks';
import { causalMask } from './causalMask';
import { BaseLayerArgs, CompositeLayer } from './CompositeLayer';
import { dropoutIfTraining } from './dropoutIfTraining';
import { dimsCompatible, formatShape } from './formatShape';
import { createInitializer, InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';
import { MaskedSequence, readMaskedSequences, shapeItself, shapeList, tensorShape } from './maskedSequenceInputs';

/** Score bias for masked positions: large enough that exp() underflows to 0, small enough that a fully masked row stays finite. */
const MASKED_SCORE = -1e9;

/** Constructor arguments of {@link MultiHeadAttention}. */
export interface MultiHeadAttentionArgs extends BaseLayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head's query and key vectors; scores are scaled by 1/√keyDim. */
  keyDim: number;
  /** Size of each head's value vectors. Default: `keyDim`. */
  valueDim?: number | null;
  /** Dropout rate applied to the attention weights while training. Default 0. */
  dropout?: number;
  /** Whether the projections have bias vectors. Default true. */
  useBias?: boolean;
  /** Width of the output. Default: the query's feature size, so the layer fits a residual connection. */
  outputDim?: number | null;
  /** Apply a causal mask: query position i attends only to key positions j ≤ i. Default false. */
  causal?: boolean;
  /** Initializer of the projection kernels. Default `'glorotUniform'`. */
  kernelInitializer?: InitializerArg | null;
  /** Initializer of the projection biases. Default `'zeros'`. */
  biasInitializer?: InitializerArg | null;
}

/** Call options of {@link MultiHeadAttention}. */
export interface MultiHeadAttentionCallOptions {
  /** Training mode: enables attention dropout. `model.fit` sets it. */
  training?: boolean;
}

/** What {@link MultiHeadAttention.callAndReturnAttention} returns. */
export interface AttentionResult {
  /** (B, Tq, outputDim) */
  output: tf.Tensor3D;
  /** (B, numHeads, Tq, Tk): each head's softmax weights over the keys, before dropout. */
  attention: tf.Tensor4D;
}

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2).
 *
 * For each head h: `softmax(Q_h K_hᵀ / √keyDim + M) V_h`; the heads are concatenated and
 * projected by an output dense layer. Scores ARE scaled by 1/√keyDim, as in the paper's
 * eq. 1. (The description this package was written from omits the scale; without it the
 * logits grow with keyDim and the softmax saturates, so we keep the paper's choice.)
 *
 * **Inputs** (read by rank; see `readMaskedSequences`):
 * - `query` (B, Tq, Dq): self-attention (keys and values are the query sequence);
 * - `[query, mask]`: self-attention with a key padding mask (B, Tq) of 1 = real, 0 = padding;
 * - `[query, context]` or `[query, context, contextMask]`: cross-attention, queries from
 *   `query`, keys and values from `context` (B, Tk, Dc), with an optional key padding mask (B, Tk).
 *
 * The layer is built for self- or cross-attention by its first call and keeps that form.
 * Masks are inputs rather than call options so they flow through a functional model that
 * is saved and loaded.
 *
 * **Masking.** Masked keys get a score bias of −1e9 before the softmax (not −∞, so a row
 * whose keys are all masked stays finite: it averages the values uniformly). `causal: true`
 * adds the causal mask. Rows of padded *queries* are computed like any other; layers
 * downstream ignore them (MaskedMeanPooling, the loss).
 *
 * **Weights.** Self-attention uses one fused projection `query_key_value` (Dq → 2·H·keyDim +
 * H·valueDim, columns laid out [Q | K | V], head h at columns h·d…(h+1)·d of each part);
 * cross-attention uses `query` (Dq → H·keyDim) and a fused `key_value` (Dc → H·keyDim +
 * H·valueDim, [K | V]). Then `attention_output` (H·valueDim → outputDim).
 *
 * Built from matMul, reshape, transpose and softmax (tf.einsum has no gradient in tfjs).
 * Projections run on 2-D (B·T, D) matrices (one fused matMul for Q, K and V in
 * self-attention), the 1/√keyDim scale is applied to Q rather than to the larger score
 * matrix, and heads are split and merged with rank-4 transposes, which wasm runs fast.
 *
 * @example
 * const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8, causal: true });
 * const y = mha.apply(x) as tf.Tensor;                         // x: (B, T, 32) → (B, T, 32)
 * const z = mha2.apply([x, encoderOut, encoderMask]);          // cross-attention
 * const { output, attention } = mha.callAndReturnAttention(x); // weights for pictures
 */
export class MultiHeadAttention extends CompositeLayer {
  static readonly className = 'MultiHeadAttention';

  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputDim: number | null;
  readonly causal: boolean;
  readonly kernelInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;

  private mode: 'self' | 'cross' | null = null;
  private queryFeatures = 0;
  private contextFeatures = 0;
  private queryKeyValueDense: tf.layers.Layer | null = null;
  private queryDense: tf.layers.Layer | null = null;
  private keyValueDense: tf.layers.Layer | null = null;
  private outputDense: tf.layers.Layer | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    const label = `${MultiHeadAttention.className} '${this.name}'`;
    this.numHeads = requirePositiveInt(label, 'numHeads', args.numHeads);
    this.keyDim = requirePositiveInt(label, 'keyDim', args.keyDim);
    this.valueDim = requirePositiveInt(label, 'valueDim', args.valueDim ?? this.keyDim);
    this.dropout = requireRate(label, 'dropout', args.dropout ?? 0);
    this.useBias = args.useBias ?? true;
    this.outputDim = args.outputDim == null ? null : requirePositiveInt(label, 'outputDim', args.outputDim);
    this.causal = args.causal ?? false;
    this.kernelInitializer = toInitializerSpec(args.kernelInitializer, 'glorotUniform');
    this.biasInitializer = toInitializerSpec(args.biasInitializer, 'zeros');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const seqs = this.readInputs(shapeList(inputShape), shapeItself);
    const queryFeatures = seqs[0].sequence[2];
    const context = seqs[1]?.sequence;
    if (queryFeatures == null || (context !== undefined && context[2] == null)) {
      throw new Error(`${layerLabel(this)}: the feature size of the inputs must be known to build, got ${seqs.map((s) => formatShape(s.sequence)).join(' and ')}`);
    }
    const H = this.numHeads;
    this.queryFeatures = queryFeatures;
    if (context === undefined) {
      this.mode = 'self';
      this.queryKeyValueDense = this.nested(this.dense('query_key_value', 2 * H * this.keyDim + H * this.valueDim));
      this.buildNested(this.queryKeyValueDense, [null, queryFeatures]);
    } else {
      this.mode = 'cross';
      this.contextFeatures = context[2] as number;
      this.queryDense = this.nested(this.dense('query', H * this.keyDim));
      this.buildNested(this.queryDense, [null, queryFeatures]);
      this.keyValueDense = this.nested(this.dense('key_value', H * this.keyDim + H * this.valueDim));
      this.buildNested(this.keyValueDense, [null, this.contextFeatures]);
    }
    this.outputDense = this.nested(this.dense('attention_output', this.outputDim ?? queryFeatures));
    this.buildNested(this.outputDense, [null, H * this.valueDim]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [query] = this.readInputs(shapeList(inputShape), shapeItself);
    return [query.sequence[0], query.sequence[1], this.outputDim ?? query.sequence[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: MultiHeadAttentionCallOptions): tf.Tensor {
    return tf.tidy(() => {
      const { output } = this.attendInputs(inputs, kwargs?.training);
      return output;
    });
  }

  /**
   * Runs the layer on concrete tensors and also returns the attention weights, e.g. to
   * draw them. Same inputs as `apply()`; builds the layer if needed.
   */
  callAndReturnAttention(inputs: tf.Tensor | tf.Tensor[], kwargs: MultiHeadAttentionCallOptions = {}): AttentionResult {
    if (!this.built) tf.tidy(() => void this.apply(inputs, kwargs));
    return tf.tidy(() => {
      const { output, attention } = this.attendInputs(inputs, kwargs.training);
      return { output, attention };
    });
  }

  /**
   * The attention computation for callers that already hold the parts (the transformer
   * blocks): `context` null means self-attention; `keyMask` is the (B, Tk) padding mask of
   * the keys. Not wrapped in tidy; call inside one.
   */
  attend(query: tf.Tensor3D, context: tf.Tensor3D | null, keyMask: tf.Tensor | null, training: boolean | undefined): AttentionResult {
    this.checkCallShapes(query, context, keyMask);
    const [B, Tq, Dq] = query.shape;
    const H = this.numHeads;
    const K = this.keyDim;
    const V = this.valueDim;
    let q: tf.Tensor3D; // (B·H, Tq, K)
    let k: tf.Tensor3D; // (B·H, Tk, K)
    let v: tf.Tensor3D; // (B·H, Tk, V)
    let Tk: number;
    if (context === null) {
      Tk = Tq;
      const qkv = this.queryKeyValueDense!.apply(tf.reshape(query, [B * Tq, Dq])) as tf.Tensor2D; // (B·Tq, 2HK + HV)
      [q, k, v] = splitHeads(qkv, B, Tq, H, [K, K, V]);
    } else {
      const [, Tc, Dc] = context.shape;
      Tk = Tc;
      const qProj = this.queryDense!.apply(tf.reshape(query, [B * Tq, Dq])) as tf.Tensor2D; // (B·Tq, HK)
      [q] = splitHeads(qProj, B, Tq, H, [K]);
      const kv = this.keyValueDense!.apply(tf.reshape(context, [B * Tk, Dc])) as tf.Tensor2D; // (B·Tk, HK + HV)
      [k, v] = splitHeads(kv, B, Tk, H, [K, V]);
    }
    // Scale the queries rather than the (larger) score matrix.
    const scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(K)), k, false, true); // (B·H, Tq, Tk)
    let scores4 = tf.reshape(scores, [B, H, Tq, Tk]) as tf.Tensor4D;
    const bias = this.scoreBias(B, Tq, Tk, keyMask); // (B|1, 1, Tq|1, Tk)
    if (bias !== null) scores4 = tf.add(scores4, bias);
    const attention = tf.softmax(scores4) as tf.Tensor4D; // (B, H, Tq, Tk)
    const dropped = dropoutIfTraining(tf.reshape(attention, [B * H, Tq, Tk]) as tf.Tensor3D, this.dropout, training);
    const heads = tf.matMul(dropped, v); // (B·H, Tq, V)
    const merged = tf.reshape(tf.transpose(tf.reshape(heads, [B, H, Tq, V]), [0, 2, 1, 3]), [B * Tq, H * V]); // (B·Tq, H·V)
    const projected = this.outputDense!.apply(merged) as tf.Tensor2D; // (B·Tq, outputDim)
    const output = tf.reshape(projected, [B, Tq, projected.shape[1]]) as tf.Tensor3D;
    return { output, attention };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputDim: this.outputDim,
      causal: this.causal,
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

  /** Additive score bias from the key padding mask and the causal mask; null when nothing is masked. */
  private scoreBias(B: number, Tq: number, Tk: number, keyMask: tf.Tensor | null): tf.Tensor4D | null {
    let keep: tf.Tensor4D | null = null; // 1 = may attend
    if (keyMask !== null) keep = tf.reshape(tf.cast(keyMask, 'float32'), [B, 1, 1, Tk]) as tf.Tensor4D;
    if (this.causal) {
      const causal = tf.reshape(causalMask(Tq, Tk), [1, 1, Tq, Tk]) as tf.Tensor4D;
      keep = keep === null ? causal : (tf.mul(keep, causal) as tf.Tensor4D);
    }
    return keep === null ? null : (tf.mul(tf.sub(keep, 1), -MASKED_SCORE) as tf.Tensor4D);
  }

  private attendInputs(inputs: tf.Tensor | tf.Tensor[], training: boolean | undefined): AttentionResult {
    const seqs = this.readInputs(inputs, tensorShape);
    const query = seqs[0].sequence as tf.Tensor3D;
    if (seqs.length === 1) return this.attend(query, null, seqs[0].mask, training);
    return this.attend(query, seqs[1].sequence as tf.Tensor3D, seqs[1].mask, training);
  }

  private readInputs<T>(inputs: T | T[], shapeOf: (x: T) => readonly (number | null)[]): MaskedSequence<T>[] {
    const seqs = readMaskedSequences(inputs, shapeOf, layerLabel(this));
    if (seqs.length > 2) {
      throw new Error(`${layerLabel(this)}: expected a query sequence and at most one key/value sequence, got ${seqs.length} sequences`);
    }
    if (seqs.length === 2 && seqs[0].mask !== null) {
      throw new Error(
        `${layerLabel(this)}: in cross-attention the padding mask belongs to the key/value sequence: ` +
          'pass [query, context, contextMask]; query padding needs no mask here',
      );
    }
    if (this.mode !== null) {
      const mode = seqs.length === 1 ? 'self' : 'cross';
      if (mode !== this.mode) {
        throw new Error(
          `${layerLabel(this)} was built for ${this.mode}-attention (${this.mode === 'self' ? 'query or [query, mask]' : '[query, context, contextMask?]'}) ` +
            `but was called with ${seqs.length} sequence${seqs.length === 1 ? '' : 's'}`,
        );
      }
    }
    return seqs;
  }

  private checkCallShapes(query: tf.Tensor3D, context: tf.Tensor3D | null, keyMask: tf.Tensor | null): void {
    const label = layerLabel(this);
    if (!this.built) throw new Error(`${label}: attend() needs a built layer; call apply() once first`);
    if ((context === null) !== (this.mode === 'self')) {
      throw new Error(`${label} was built for ${this.mode}-attention but attend() was called ${context === null ? 'without' : 'with'} a context`);
    }
    if (query.rank !== 3) throw new Error(`${label}: expected a query of shape (batch, length, ${this.queryFeatures}), got shape ${formatShape(query.shape)}`);
    if (query.shape[2] !== this.queryFeatures) {
      throw new Error(`${label}: expected query features ${this.queryFeatures} (the size it was built for), got query of shape ${formatShape(query.shape)}`);
    }
    const keys = context ?? query;
    if (context !== null) {
      if (context.rank !== 3) throw new Error(`${label}: expected a context of shape (batch, length, ${this.contextFeatures}), got shape ${formatShape(context.shape)}`);
      if (context.shape[2] !== this.contextFeatures) {
        throw new Error(
          `${label}: mismatched key dimensions: built for key/value features ${this.contextFeatures}, ` +
            `got context of shape ${formatShape(context.shape)} (query ${formatShape(query.shape)})`,
        );
      }
      if (context.shape[0] !== query.shape[0]) {
        throw new Error(`${label}: query ${formatShape(query.shape)} and context ${formatShape(context.shape)} have different batch sizes`);
      }
    }
    if (keyMask !== null && (keyMask.rank !== 2 || !dimsCompatible(keyMask.shape[0], keys.shape[0]) || keyMask.shape[1] !== keys.shape[1])) {
      throw new Error(`${label}: expected a key padding mask of shape ${formatShape([keys.shape[0], keys.shape[1]])}, got ${formatShape(keyMask.shape)}`);
    }
  }
}

/**
 * Splits a fused projection (B·T, Σ H·dᵢ), laid out [part 0 | part 1 | …] with head h at
 * columns h·dᵢ…(h+1)·dᵢ of each part, into per-part head tensors (B·H, T, dᵢ).
 *
 * One rank-4 transpose per part: on wasm, a single rank-5 transpose of all parts at once
 * (B, T, n, H, d) → (n, B, H, T, d) is about 30× slower than these (no fast kernel for rank 5).
 */
function splitHeads(fused: tf.Tensor2D, B: number, T: number, H: number, dims: number[]): tf.Tensor3D[] {
  const parts = dims.length === 1 ? [fused] : tf.split(fused, dims.map((d) => H * d), 1);
  return parts.map((p, i) => tf.reshape(tf.transpose(tf.reshape(p, [B, T, H, dims[i]]), [0, 2, 1, 3]), [B * H, T, dims[i]]) as tf.Tensor3D);
}

tf.serialization.registerClass(MultiHeadAttention);
