import * as tf from '@tensorflow/tfjs';
import { requirePositiveInt, requireRate } from './argChecks';
import { AttentionCache } from './AttentionCache';
import { causalMask } from './causalMask';
import { BaseLayerArgs, CompositeLayer } from './CompositeLayer';
import { dropoutIfTraining } from './dropoutIfTraining';
import { dimsCompatible, formatShape } from './formatShape';
import { createInitializer, InitializerArg, InitializerSpec, toInitializerSpec } from './initializerSpec';
import { layerLabel } from './layerLabel';
import { MaskedSequence, readMaskedSequences, shapeItself, shapeList, tensorShape } from './maskedSequenceInputs';
import { tidyRecord } from './tidyRecord';

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
 * **Incremental decoding** (eager, outside the tf.layers graph): `callWithCache(x, cache)`
 * runs causal self-attention for new positions only, against an {@link AttentionCache} of
 * the earlier positions' keys/values, and returns the extended cache;
 * `computeCrossCache(context, contextMask?)` projects an encoder output once and
 * `attendToCache(query, cache)` attends to it at every step.
 *
 * @example
 * const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8, causal: true });
 * const y = mha.apply(x) as tf.Tensor;                         // x: (B, T, 32) → (B, T, 32)
 * const z = mha2.apply([x, encoderOut, encoderMask]);          // cross-attention
 * const { output, attention } = mha.callAndReturnAttention(x); // weights for pictures
 * let step = mha.callWithCache(prompt, null);                  // prompt: (B, Tp, 32)
 * step = mha.callWithCache(next, step.cache);                  // next: (B, 1, 32), sees Tp + 1 keys
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
    const [B, Tq] = query.shape;
    let q: tf.Tensor4D; // (B, H, Tq, K)
    let k: tf.Tensor4D; // (B, H, Tk, K)
    let v: tf.Tensor4D; // (B, H, Tk, V)
    if (context === null) {
      [q, k, v] = this.projectSelf(query);
    } else {
      q = this.projectQuery(query);
      [k, v] = this.projectKeyValue(context);
    }
    return this.attendHeads(q, k, v, this.scoreBias(B, Tq, k.shape[2], keyMask, this.causal), training);
  }

  /**
   * Incremental causal self-attention (a KV cache, as tinygrad's gpt2): `x` (B, Tnew, D)
   * holds only the new positions; they attend to the cached keys/values of the earlier
   * positions plus their own, causally: new position i sees the cache and new positions
   * ≤ i (so a multi-token chunk, e.g. the prompt, can be fed at once). Only the new
   * positions are projected; the past is never recomputed.
   *
   * Returns the output (B, Tnew, outputDim), the extended cache (B, H, Tpast+Tnew, ·) and,
   * with `returnAttention`, the weights (B, H, Tnew, Tpast+Tnew). The cache passed in is
   * NOT disposed (the caller decides; usually `disposeAttentionCache(old)` right after).
   * Equals the rows Tpast… of a full causal `apply()` on the whole sequence.
   *
   * Needs a causal self-attention layer (`causal: true`); builds it if needed. There is
   * no key padding mask: generation batches are unpadded (left-padded prompts would need a
   * (B, Tpast+Tnew) key mask carried along with the cache, which this method does not take).
   * Eager only, outside the tf.layers graph; tidy inside.
   */
  callWithCache(
    x: tf.Tensor3D,
    cache: AttentionCache | null,
    options: { training?: boolean; returnAttention?: boolean } = {},
  ): { output: tf.Tensor3D; cache: AttentionCache; attention?: tf.Tensor4D } {
    const label = layerLabel(this);
    if (x.rank !== 3) throw new Error(`${label}: callWithCache expected x of shape (batch, new positions, features), got ${formatShape(x.shape)}`);
    if (!this.built) this.buildFor(x.shape[2]);
    if (this.mode !== 'self') {
      throw new Error(`${label} was built for cross-attention; callWithCache is incremental self-attention: use computeCrossCache(context) once, then attendToCache(query, cache)`);
    }
    if (!this.causal) {
      throw new Error(
        `${label}: callWithCache computes causal attention (each new position sees the cache and itself), ` +
          'but this layer has causal: false, whose full call lets every position see the whole sequence; construct it with causal: true',
      );
    }
    this.checkQuery(x, 'x');
    if (cache !== null) {
      this.checkCache(cache, x, 'cache');
      if (cache.keyMask !== undefined) throw new Error(`${label}: a self-attention cache has no keyMask (generation batches are unpadded), got one of shape ${formatShape(cache.keyMask.shape)}`);
    }
    const { training, returnAttention = false } = options;
    return tidyRecord(() => {
      const Tnew = x.shape[1];
      const [q, kNew, vNew] = this.projectSelf(x); // (B, H, Tnew, ·)
      const key = cache === null ? kNew : (tf.concat([cache.key, kNew], 2) as tf.Tensor4D); // (B, H, Tpast+Tnew, K)
      const value = cache === null ? vNew : (tf.concat([cache.value, vNew], 2) as tf.Tensor4D); // (B, H, Tpast+Tnew, V)
      // A single new position may see every key; a chunk must not see its own future.
      const bias = this.scoreBias(x.shape[0], Tnew, key.shape[2], null, Tnew > 1);
      const { output, attention } = this.attendHeads(q, key, value, bias, training);
      return returnAttention ? { output, cache: { key, value }, attention } : { output, cache: { key, value } };
    });
  }

  /**
   * Projects a cross-attention context (e.g. the encoder output, (B, Tc, Dc)) to the
   * keys/values every decoding step attends to: compute once per source sentence, then
   * call {@link attendToCache} each step. With `contextMask` (B, Tc) of 1 = real, 0 =
   * padding, the cache keeps a copy of the mask (`keyMask`) and `attendToCache` applies it.
   * Needs a built cross-attention layer. Eager only; tidy inside.
   */
  computeCrossCache(context: tf.Tensor3D, contextMask?: tf.Tensor2D): AttentionCache {
    this.checkCrossCacheUse('computeCrossCache');
    const label = layerLabel(this);
    if (context.rank !== 3 || context.shape[2] !== this.contextFeatures) {
      throw new Error(`${label}: computeCrossCache expected a context of shape (batch, length, ${this.contextFeatures}), got ${formatShape(context.shape)}`);
    }
    if (contextMask !== undefined) this.checkKeyMask(contextMask, context.shape[0], context.shape[1], 'contextMask');
    return tidyRecord(() => {
      const [key, value] = this.projectKeyValue(context); // (B, H, Tc, ·)
      if (contextMask === undefined) return { key, value };
      return { key, value, keyMask: tf.cast(contextMask, 'float32') as tf.Tensor2D };
    });
  }

  /**
   * Cross-attention of `query` (B, Tq, Dq) over precomputed keys/values
   * ({@link computeCrossCache}): equals `apply([query, context, contextMask])` without
   * projecting the context again. `contextMask` (B, Tc) defaults to the mask stored in the
   * cache; padded context positions get no weight. The cache is not modified or disposed.
   * Eager only; tidy inside.
   */
  attendToCache(
    query: tf.Tensor3D,
    cache: AttentionCache,
    contextMask?: tf.Tensor2D,
    options: { training?: boolean; returnAttention?: boolean } = {},
  ): { output: tf.Tensor3D; attention?: tf.Tensor4D } {
    this.checkCrossCacheUse('attendToCache');
    this.checkQuery(query, 'query');
    this.checkCache(cache, query, 'cache');
    if (contextMask !== undefined) this.checkKeyMask(contextMask, query.shape[0], cache.key.shape[2], 'contextMask');
    const keyMask = contextMask ?? cache.keyMask ?? null;
    const { training, returnAttention = false } = options;
    return tidyRecord(() => {
      const [B, Tq] = query.shape;
      const q = this.projectQuery(query); // (B, H, Tq, K)
      const bias = this.scoreBias(B, Tq, cache.key.shape[2], keyMask, false);
      const { output, attention } = this.attendHeads(q, cache.key, cache.value, bias, training);
      return returnAttention ? { output, attention } : { output };
    });
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

  /** Q, K, V of a self-attention input (B, T, D) from the one fused projection, heads split: (B, H, T, ·) each. */
  private projectSelf(x: tf.Tensor3D): tf.Tensor4D[] {
    const [B, T, D] = x.shape;
    const qkv = this.queryKeyValueDense!.apply(tf.reshape(x, [B * T, D])) as tf.Tensor2D; // (B·T, 2HK + HV)
    return splitHeads(qkv, B, T, this.numHeads, [this.keyDim, this.keyDim, this.valueDim]);
  }

  /** Cross-attention queries (B, H, Tq, K). */
  private projectQuery(query: tf.Tensor3D): tf.Tensor4D {
    const [B, Tq, Dq] = query.shape;
    const q = this.queryDense!.apply(tf.reshape(query, [B * Tq, Dq])) as tf.Tensor2D; // (B·Tq, HK)
    return splitHeads(q, B, Tq, this.numHeads, [this.keyDim])[0];
  }

  /** Cross-attention keys (B, H, Tk, K) and values (B, H, Tk, V) from the fused key_value projection. */
  private projectKeyValue(context: tf.Tensor3D): tf.Tensor4D[] {
    const [B, Tk, Dc] = context.shape;
    const kv = this.keyValueDense!.apply(tf.reshape(context, [B * Tk, Dc])) as tf.Tensor2D; // (B·Tk, HK + HV)
    return splitHeads(kv, B, Tk, this.numHeads, [this.keyDim, this.valueDim]);
  }

  /**
   * softmax(Q Kᵀ/√keyDim + bias) V for heads split (B, H, T, ·), heads merged and projected.
   * Batched matMuls run on (B·H, T, ·) views (reshapes share the data).
   */
  private attendHeads(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, bias: tf.Tensor4D | null, training: boolean | undefined): AttentionResult {
    const [B, H, Tq, K] = q.shape;
    const Tk = k.shape[2];
    const V = v.shape[3];
    const q3 = tf.reshape(q, [B * H, Tq, K]);
    const k3 = tf.reshape(k, [B * H, Tk, K]);
    // Scale the queries rather than the (larger) score matrix.
    const scores = tf.matMul(tf.mul(q3, 1 / Math.sqrt(K)), k3, false, true); // (B·H, Tq, Tk)
    let scores4 = tf.reshape(scores, [B, H, Tq, Tk]) as tf.Tensor4D;
    if (bias !== null) scores4 = tf.add(scores4, bias);
    const attention = tf.softmax(scores4) as tf.Tensor4D; // (B, H, Tq, Tk)
    const dropped = dropoutIfTraining(tf.reshape(attention, [B * H, Tq, Tk]) as tf.Tensor3D, this.dropout, training);
    const heads = tf.matMul(dropped, tf.reshape(v, [B * H, Tk, V])); // (B·H, Tq, V)
    // One query position (a decoding step): (B, H, 1, V) already has the layout of (B, 1, H, V).
    const merged = Tq === 1 ? tf.reshape(heads, [B, H * V]) : tf.reshape(tf.transpose(tf.reshape(heads, [B, H, Tq, V]), [0, 2, 1, 3]), [B * Tq, H * V]); // (B·Tq, H·V)
    const projected = this.outputDense!.apply(merged) as tf.Tensor2D; // (B·Tq, outputDim)
    const output = tf.reshape(projected, [B, Tq, projected.shape[1]]) as tf.Tensor3D;
    return { output, attention };
  }

  /**
   * Additive score bias from the key padding mask and the causal mask (queries aligned to
   * the end of the keys, see causalMask); null when nothing is masked.
   */
  private scoreBias(B: number, Tq: number, Tk: number, keyMask: tf.Tensor | null, causal: boolean): tf.Tensor4D | null {
    let keep: tf.Tensor4D | null = null; // 1 = may attend
    if (keyMask !== null) keep = tf.reshape(tf.cast(keyMask, 'float32'), [B, 1, 1, Tk]) as tf.Tensor4D;
    if (causal) {
      const causalKeep = tf.reshape(causalMask(Tq, Tk), [1, 1, Tq, Tk]) as tf.Tensor4D;
      keep = keep === null ? causalKeep : (tf.mul(keep, causalKeep) as tf.Tensor4D);
    }
    return keep === null ? null : (tf.mul(tf.sub(keep, 1), -MASKED_SCORE) as tf.Tensor4D);
  }

  /** Builds an unbuilt layer for self-attention on inputs of width `features`, inside its name scope (so weight names are as from apply()). */
  private buildFor(features: number): void {
    tf.tidy(() => void this.apply(tf.zeros([1, 1, features])));
  }

  private checkCrossCacheUse(method: string): void {
    const label = layerLabel(this);
    if (!this.built) throw new Error(`${label}: ${method} needs a layer built for cross-attention; apply([query, context]) once first (a model's symbolic apply does)`);
    if (this.mode !== 'cross') throw new Error(`${label} was built for self-attention; ${method} is for cross-attention (use callWithCache for cached self-attention)`);
    if (this.causal) throw new Error(`${label}: ${method} does not support causal cross-attention (causal: true), whose mask depends on the query positions`);
  }

  /** A query or new-positions input of a cache method: (B, T, queryFeatures). */
  private checkQuery(x: tf.Tensor3D, name: string): void {
    if (x.rank !== 3 || x.shape[2] !== this.queryFeatures) {
      throw new Error(`${layerLabel(this)}: expected ${name} of shape (batch, length, ${this.queryFeatures}) (the features it was built for), got ${formatShape(x.shape)}`);
    }
  }

  /** A cache must hold this layer's heads for the query's batch: (B, H, T, keyDim) and (B, H, T, valueDim). */
  private checkCache(cache: AttentionCache, query: tf.Tensor3D, name: string): void {
    const label = layerLabel(this);
    const [B] = query.shape;
    const H = this.numHeads;
    const part = (t: tf.Tensor, field: string, dim: number, dimName: string) => {
      if (t.rank !== 4 || t.shape[0] !== B || t.shape[1] !== H || t.shape[3] !== dim) {
        throw new Error(
          `${label}: expected ${name}.${field} of shape (batch ${B}, heads ${H}, length, ${dimName} ${dim}) for ${formatShape(query.shape)} inputs, got ${formatShape(t.shape)}`,
        );
      }
    };
    part(cache.key, 'key', this.keyDim, 'keyDim');
    part(cache.value, 'value', this.valueDim, 'valueDim');
    if (cache.key.shape[2] !== cache.value.shape[2]) {
      throw new Error(`${label}: ${name}.key ${formatShape(cache.key.shape)} and ${name}.value ${formatShape(cache.value.shape)} hold different numbers of positions`);
    }
    if (cache.keyMask !== undefined) this.checkKeyMask(cache.keyMask, B, cache.key.shape[2], `${name}.keyMask`);
  }

  private checkKeyMask(mask: tf.Tensor, B: number, Tk: number, name: string): void {
    if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== Tk) {
      throw new Error(`${layerLabel(this)}: expected ${name} of shape ${formatShape([B, Tk])} (batch, keys), got ${formatShape(mask.shape)}`);
    }
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
 * columns h·dᵢ…(h+1)·dᵢ of each part, into per-part head tensors (B, H, T, dᵢ).
 *
 * One rank-4 transpose per part: on wasm, a single rank-5 transpose of all parts at once
 * (B, T, n, H, d) → (n, B, H, T, d) is about 30× slower than these (no fast kernel for rank 5).
 */
function splitHeads(fused: tf.Tensor2D, B: number, T: number, H: number, dims: number[]): tf.Tensor4D[] {
  const parts = dims.length === 1 ? [fused] : tf.split(fused, dims.map((d) => H * d), 1);
  // With one position (a decoding step) (B, 1, H, d) and (B, H, 1, d) share a memory
  // layout, so a reshape (no copy) replaces the transpose.
  if (T === 1) return parts.map((p, i) => tf.reshape(p, [B, H, 1, dims[i]]) as tf.Tensor4D);
  return parts.map((p, i) => tf.transpose(tf.reshape(p, [B, T, H, dims[i]]), [0, 2, 1, 3]) as tf.Tensor4D);
}

tf.serialization.registerClass(MultiHeadAttention);
