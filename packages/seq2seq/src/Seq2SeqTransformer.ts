import * as tf from '@tensorflow/tfjs';
import type { IntMatrix, Seq2SeqBatch } from '@tfzoo/data';
import { SPECIAL_TOKENS, validateIds } from '@tfzoo/tokenizers';
import type { LossOptions, ModelVariable, TrainableModel } from '@tfzoo/train';
import { beamSearchDecode } from './beamSearch';
import { buildSeq2SeqLayers, Seq2SeqLayers, seq2seqWeights } from './buildSeq2SeqLayers';
import { DecodeOptions, resolveDecodeOptions } from './decodeOptions';
import { DecoderSession } from './DecoderSession';
import { greedyDecode } from './greedyDecode';
import { labelSmoothedCrossEntropy } from './labelSmoothedCrossEntropy';
import { padRows } from './padRows';
import { checkSeq2SeqConfig, resolveSeq2SeqConfig, Seq2SeqConfig, Seq2SeqConfigInput } from './Seq2SeqConfig';
import { saveSeq2SeqTransformer, SaveSeq2SeqOptions } from './seq2seqFolder';

/** Options of {@link Seq2SeqTransformer.create}: the config fields (see {@link Seq2SeqConfigInput}) and a seed. */
export interface Seq2SeqCreateOptions extends Seq2SeqConfigInput {
  /** Seed of the weight initializers; omit for unseeded (different weights every time). */
  seed?: number;
}

/** What `config()` returns, and training checkpoints store: the config, marked as this architecture's. */
export interface Seq2SeqCheckpointConfig extends Seq2SeqConfig {
  architecture: typeof SEQ2SEQ_ARCHITECTURE;
}

/** The `architecture` tag of a Seq2SeqTransformer's checkpoint config. */
export const SEQ2SEQ_ARCHITECTURE = 'seq2seq-transformer';

/** The encoder's output for a batch of sources. */
export interface EncodedSources {
  /** (B, S, dModel) */
  encoderOutput: tf.Tensor3D;
  /** (B, S) float 1 on source tokens, 0 on padding. */
  sourceMask: tf.Tensor2D;
}

/**
 * The encoder-decoder transformer of Vaswani et al. (2017) for translation, built from
 * @tfzoo/layers:
 *
 *     source ids → source_embedding (tokens·√d + positions) → dropout
 *                → encoder_0 … encoder_{n−1}       (self-attention + feed-forward; source padding masked)
 *                → encoder_final_layer_norm        (pre-norm only)
 *     [BOS] target → target_embedding → dropout
 *                → decoder_0 … decoder_{m−1}       (masked self-attention, cross-attention over the
 *                                                   encoder output with source padding masked, feed-forward)
 *                → decoder_final_layer_norm        (pre-norm only)
 *                → logits = h Eᵀ (tied to target_embedding) or output_projection
 *
 * - **Training** (`loss`, a @tfzoo/train `TrainableModel` on @tfzoo/data's `Seq2SeqBatch`):
 *   teacher forcing — the decoder reads the target shifted right after BOS and predicts
 *   every next token at once; token-level cross-entropy over the decoder mask, with label
 *   smoothing while training.
 * - **Translation** (`translateIds`): greedy or beam search, batched, with the encoder
 *   output and every block's cross-attention keys/values computed once per sentence and
 *   a KV cache for decoder self-attention (see {@link DecoderSession}).
 * - **Attention maps** (`crossAttentionWeights`): per layer and head, target × source.
 * - `save(dir)` / `loadSeq2SeqTransformer(dir)`. The `Translator` adds tokenizers.
 *
 * All public methods take raw token ids (no BOS/EOS); with `sourceEos` the model appends
 * EOS to sources itself. Ids are checked on the host before they reach the device.
 *
 * @example
 * const model = Seq2SeqTransformer.create({ sourceVocabSize: en.vocabSize, targetVocabSize: fr.vocabSize, preset: 'small' });
 * await new Trainer(model, { maxSteps: 3000, learningRate: 1e-3, warmupSteps: 200 }).fit({ train, runDir: 'runs/mt' });
 * const [ids] = model.translateIds([en.encode('I am hungry.')], { beamWidth: 4 });
 * console.log(fr.decode(ids));
 */
export class Seq2SeqTransformer implements TrainableModel<Seq2SeqBatch> {
  /** The built layers, for code that runs them one by one. */
  readonly layers: Seq2SeqLayers;
  private readonly resolved: Seq2SeqConfig;
  private readonly weights: tf.LayerVariable[];
  private disposed = false;

  private constructor(config: Seq2SeqConfig, seed?: number) {
    this.resolved = config;
    this.layers = buildSeq2SeqLayers(config, seed);
    this.weights = seq2seqWeights(this.layers);
    const seen = new Set<string>();
    for (const w of this.weights) {
      if (seen.has(w.originalName)) throw new Error(`Seq2SeqTransformer: two weights are named '${w.originalName}'`);
      seen.add(w.originalName);
    }
  }

  /**
   * A new, randomly initialised model: defaults, then the preset's sizes, then the given
   * fields (see {@link resolveSeq2SeqConfig}).
   *
   * @example
   * Seq2SeqTransformer.create({ sourceVocabSize: 8000, targetVocabSize: 8000, preset: 'small', seed: 1 });
   */
  static create(options: Seq2SeqCreateOptions): Seq2SeqTransformer {
    const { seed, ...input } = options;
    if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`expected seed to be an integer, got ${seed}`);
    return new Seq2SeqTransformer(resolveSeq2SeqConfig(input), seed);
  }

  /** A randomly initialised model of a complete config (e.g. read from a file); checked. */
  static fromConfig(config: Seq2SeqConfig, seed?: number): Seq2SeqTransformer {
    return new Seq2SeqTransformer(checkSeq2SeqConfig(config), seed);
  }

  /** The architecture, tagged for checkpoints (`architecture: 'seq2seq-transformer'`). A copy. */
  config(): Seq2SeqCheckpointConfig {
    return { architecture: SEQ2SEQ_ARCHITECTURE, ...this.resolved };
  }

  /** Number of target ids (the size of the logits). */
  get targetVocabSize(): number {
    return this.resolved.targetVocabSize;
  }

  /** Every weight under its stable layer-scoped name (`decoder_0/cross_attention/query/kernel`), a shared table once. */
  variables(): ModelVariable[] {
    this.checkNotDisposed();
    // read() hands back the layer's own tf.Variable, so the optimizer's in-place updates reach the layers.
    return this.weights.map((w) => ({ name: w.originalName, variable: w.read() as tf.Variable, trainable: w.trainable }));
  }

  /** Number of scalar weights. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.shape.reduce((a: number, d) => a * (d ?? 0), 1), 0);
  }

  /**
   * Mean token-level cross-entropy of a teacher-forcing batch over its real target
   * positions (`decoderMask`), with label smoothing ε = config.labelSmoothing when
   * `training` (dropout on too); plain cross-entropy otherwise. Called inside the
   * trainer's tidy and gradient tape.
   */
  loss(batch: Seq2SeqBatch, options: LossOptions): tf.Scalar {
    this.checkBatch(batch);
    const training = options.training;
    const { rows, targets } = realTargetPositions(batch);
    return tf.tidy(() => {
      const [B, U] = batch.decoderInput.shape;
      const { encoderOutput, sourceMask } = this.encodeMatrix(batch.encoderInput, batch.encoderMask, training);
      const hidden = this.decodeFull(intTensor(batch.decoderInput), encoderOutput, sourceMask, training); // (B, U, d)
      let hiddenRows = tf.reshape(hidden, [B * U, this.resolved.dModel]) as tf.Tensor2D; // (B·U, d)
      // Only real target positions reach the output projection: the (N, V) logits are the
      // largest tensors of the step, and padded rows would only be masked out of the loss.
      if (rows !== null) hiddenRows = tf.gather(hiddenRows, tf.tensor1d(rows, 'int32'));
      const logits = this.hiddenToLogits(hiddenRows); // (N, V)
      return labelSmoothedCrossEntropy(logits, tf.tensor1d(targets, 'int32'), null, training ? this.resolved.labelSmoothing : 0);
    });
  }

  /**
   * Teacher-forced logits, without caches (the reference for cached decoding):
   * `decoderInputs[b]` is what the decoder reads (`[BOS, t0, …]`), and logits[b, u]
   * predicts the token after decoderInputs[b][u]. Returns (B, U, targetVocabSize), U the
   * longest decoder row; rows past a shorter row's end are padding. Dropout off. The
   * caller disposes the result.
   */
  logits(sources: readonly ArrayLike<number>[], decoderInputs: readonly ArrayLike<number>[]): tf.Tensor3D {
    this.checkSources(sources);
    if (decoderInputs.length !== sources.length) throw new Error(`expected one decoder input per source (${sources.length}), got ${decoderInputs.length}`);
    this.checkDecoderRows(decoderInputs);
    return tf.tidy(() => {
      const { encoderOutput, sourceMask } = this.encodeSourcesNoCheck(sources, false);
      const { ids } = padRows(decoderInputs);
      const [B, U] = ids.shape;
      const hidden = this.decodeFull(intTensor(ids), encoderOutput, sourceMask, false);
      return tf.reshape(this.hiddenToLogits(tf.reshape(hidden, [B * U, this.resolved.dModel]) as tf.Tensor2D), [B, U, this.resolved.targetVocabSize]) as tf.Tensor3D;
    });
  }

  /**
   * Runs the encoder on raw source ids (EOS appended with sourceEos; padded to the longest):
   * the output (B, S, d) and the source mask (B, S). Dropout off. The caller disposes both.
   */
  encodeSources(sources: readonly ArrayLike<number>[]): EncodedSources {
    this.checkSources(sources);
    return this.encodeSourcesNoCheck(sources, false);
  }

  /**
   * Starts cached incremental decoding of a batch of sources (one row each): the encoder
   * runs once here, and the session computes every decoder block's cross-attention
   * keys/values once. Dispose the session when done.
   */
  startDecoding(sources: readonly ArrayLike<number>[]): DecoderSession {
    this.checkSources(sources);
    const { encoderOutput, sourceMask } = this.encodeSourcesNoCheck(sources, false);
    try {
      return new DecoderSession(this, encoderOutput, sourceMask, this.resolved.maxTargetLength);
    } finally {
      tf.dispose([encoderOutput, sourceMask]);
    }
  }

  /**
   * Translates source id sequences (raw ids: no BOS, no EOS) into target ids (EOS
   * excluded), greedily (`beamWidth` 1, the default) or by beam search. Sentences are
   * sorted by length and decoded `batchSize` at a time; the outputs come back in the
   * order of `sources`. See {@link DecodeOptions}. Leaves no tensors behind.
   *
   * Errors name the sentence: ids outside the source vocabulary, a sentence longer than
   * the model reads (maxSourceLength), an empty sentence (without sourceEos).
   */
  translateIds(sources: readonly ArrayLike<number>[], options: DecodeOptions = {}): Int32Array[] {
    const { beamWidth, lengthPenalty, maxLength, batchSize } = resolveDecodeOptions(options, this.resolved);
    if (sources.length === 0) return [];
    this.checkSources(sources);
    const order = sources.map((_, i) => i).sort((a, b) => sources[a].length - sources[b].length);
    const outputs = new Array<Int32Array>(sources.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const chunk = order.slice(start, start + batchSize);
      const group = chunk.map((i) => sources[i]);
      const decoded = beamWidth === 1 ? greedyDecode(this, group, maxLength) : beamSearchDecode(this, group, { beamWidth, lengthPenalty, maxLength });
      chunk.forEach((i, k) => (outputs[i] = decoded[k]));
    }
    return outputs;
  }

  /**
   * The cross-attention weights of every decoder block while it reads `target` for
   * `source` (teacher-forced, dropout off): [layer][head][i][j] is how much target
   * position i attends to source position j, where row i is the step that predicts
   * target[i] (the decoder reads BOS, target[0], …, target[i − 1]). Columns are the source
   * tokens (and the appended EOS with sourceEos); each row sums to 1. Pass a translation
   * with EOS appended to see where the model looked when it decided to stop.
   */
  crossAttentionWeights(source: ArrayLike<number>, target: ArrayLike<number>): number[][][][] {
    this.checkSources([source]);
    if (target.length === 0) throw new Error('crossAttentionWeights: expected at least one target token, got none');
    const decoderInput = [SPECIAL_TOKENS.BOS, ...Array.from(target).slice(0, target.length - 1)];
    validateIds(target, this.resolved.targetVocabSize, 'in the target');
    if (decoderInput.length > this.resolved.maxTargetLength) {
      throw new Error(`expected a target of at most ${this.resolved.maxTargetLength} tokens (maxTargetLength), got ${target.length}`);
    }
    const maps = tf.tidy(() => {
      const { encoderOutput, sourceMask } = this.encodeSourcesNoCheck([source], false);
      let x = this.layers.targetEmbedding.apply(tf.tensor2d(decoderInput, [1, decoderInput.length], 'int32')) as tf.Tensor3D;
      const weights: tf.Tensor[] = [];
      for (const block of this.layers.decoderBlocks) {
        const result = block.callAndReturnAttention([x, encoderOutput, sourceMask], { training: false });
        x = result.output;
        weights.push(tf.squeeze(result.crossAttention!, [0])); // (H, U, S)
      }
      return weights;
    });
    try {
      return maps.map((m) => m.arraySync() as number[][][]);
    } finally {
      tf.dispose(maps);
    }
  }

  /**
   * Decoder hidden rows (N, d) → logits (N, targetVocabSize): the pre-norm decoder's final
   * layer norm, then h Eᵀ (tied) or the output projection. Call inside a tidy.
   */
  hiddenToLogits(hidden: tf.Tensor2D): tf.Tensor2D {
    const { decoderFinalNorm, outputProjection, targetEmbedding } = this.layers;
    const h = decoderFinalNorm === null ? hidden : (decoderFinalNorm.apply(hidden) as tf.Tensor2D);
    if (outputProjection !== null) return outputProjection.apply(h) as tf.Tensor2D;
    return tf.matMul(h, targetEmbedding.tokenEmbeddings.read() as tf.Tensor2D, false, true); // (N, V)
  }

  /**
   * Saves the model as one folder, replaced atomically: `seq2seq.json` (format tag,
   * config, parameter count, metadata) and the weights. `loadSeq2SeqTransformer(dir)`
   * reads it back.
   */
  async save(dir: string, options: SaveSeq2SeqOptions = {}): Promise<void> {
    this.checkNotDisposed();
    await saveSeq2SeqTransformer(this, dir, options);
  }

  /** Frees the weights. The model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { sourceEmbedding, targetEmbedding, encoderBlocks, encoderFinalNorm, decoderBlocks, decoderFinalNorm, outputProjection } = this.layers;
    const all = [sourceEmbedding, ...(targetEmbedding === sourceEmbedding ? [] : [targetEmbedding]), ...encoderBlocks, encoderFinalNorm, ...decoderBlocks, decoderFinalNorm, outputProjection];
    for (const layer of all) layer?.dispose();
  }

  /** Encoder over padded ids; call inside a tidy. */
  private encodeMatrix(ids: IntMatrix, mask: IntMatrix, training: boolean): EncodedSources {
    const sourceMask = tf.tensor2d(Float32Array.from(mask.data), mask.shape, 'float32');
    let x = this.embed(this.layers.sourceEmbedding, intTensor(ids), training); // (B, S, d)
    for (const block of this.layers.encoderBlocks) x = block.apply([x, sourceMask], { training }) as tf.Tensor3D;
    if (this.layers.encoderFinalNorm !== null) x = this.layers.encoderFinalNorm.apply(x) as tf.Tensor3D;
    return { encoderOutput: x, sourceMask };
  }

  private encodeSourcesNoCheck(sources: readonly ArrayLike<number>[], training: boolean): EncodedSources {
    const [encoderOutput, sourceMask] = tf.tidy(() => {
      const { ids, mask } = padRows(sources, this.resolved.sourceEos);
      const encoded = this.encodeMatrix(ids, mask, training);
      return [encoded.encoderOutput, encoded.sourceMask];
    }) as [tf.Tensor3D, tf.Tensor2D];
    return { encoderOutput, sourceMask };
  }

  /** Decoder over whole rows (B, U) of decoder input ids (causal, teacher forcing): hidden states (B, U, d) before the final norm. Call inside a tidy. */
  private decodeFull(decoderIds: tf.Tensor2D, encoderOutput: tf.Tensor3D, sourceMask: tf.Tensor2D, training: boolean): tf.Tensor3D {
    // No target padding mask: padding is on the right and self-attention is causal, so real
    // positions never see it; the loss ignores the padded positions' outputs.
    let y = this.embed(this.layers.targetEmbedding, decoderIds, training); // (B, U, d)
    for (const block of this.layers.decoderBlocks) y = block.apply([y, encoderOutput, sourceMask], { training }) as tf.Tensor3D;
    return y;
  }

  private embed(embedding: Seq2SeqLayers['sourceEmbedding'], ids: tf.Tensor2D, training: boolean): tf.Tensor3D {
    const x = embedding.apply(ids) as tf.Tensor3D;
    return training && this.resolved.dropout > 0 ? (tf.dropout(x, this.resolved.dropout) as tf.Tensor3D) : x;
  }

  /** Source rows as the public methods take them: ids in range, not empty (without sourceEos), not longer than the encoder reads. */
  private checkSources(sources: readonly ArrayLike<number>[]): void {
    this.checkNotDisposed();
    const { sourceVocabSize, maxSourceLength, sourceEos } = this.resolved;
    const room = maxSourceLength - (sourceEos ? 1 : 0);
    if (sources.length === 0) throw new Error('expected at least one source sentence, got none');
    sources.forEach((s, i) => {
      if (s == null || typeof s.length !== 'number') throw new Error(`expected source ${i} to be an array of token ids, got ${String(s)}`);
      if (s.length === 0 && !sourceEos) throw new Error(`source ${i} is empty: expected at least one token id`);
      if (s.length > room) {
        throw new Error(
          `source ${i} has ${s.length} tokens, but the model reads at most ${room}` +
            (sourceEos ? ` (maxSourceLength ${maxSourceLength}, one of which is the EOS it appends)` : ' (maxSourceLength)') +
            ': split or shorten the sentence',
        );
      }
      validateIds(s, sourceVocabSize, `in source ${i}`);
    });
  }

  private checkDecoderRows(rows: readonly ArrayLike<number>[]): void {
    rows.forEach((r, i) => {
      if (r.length === 0) throw new Error(`decoder input ${i} is empty: expected at least BOS`);
      if (r.length > this.resolved.maxTargetLength) throw new Error(`decoder input ${i} has ${r.length} tokens, but the decoder reads at most ${this.resolved.maxTargetLength} (maxTargetLength)`);
      validateIds(r, this.resolved.targetVocabSize, `in decoder input ${i}`);
    });
  }

  /** A teacher-forcing batch must fit the model: shapes, lengths, ids, and the sourceEos convention. */
  private checkBatch(batch: Seq2SeqBatch): void {
    this.checkNotDisposed();
    const { sourceVocabSize, targetVocabSize, maxSourceLength, maxTargetLength, sourceEos } = this.resolved;
    const [B, S] = batch.encoderInput.shape;
    const [Bd, U] = batch.decoderInput.shape;
    if (B < 1 || S < 1 || U < 1) throw new Error(`expected a non-empty batch, got encoderInput [${B}, ${S}] and decoderInput [${Bd}, ${U}]`);
    if (Bd !== B) throw new Error(`expected decoderInput to have ${B} rows like encoderInput, got [${Bd}, ${U}]`);
    const expect = (name: string, m: IntMatrix, rows: number, cols: number) => {
      if (m.shape[0] !== rows || m.shape[1] !== cols || m.data.length !== rows * cols) {
        throw new Error(`expected ${name} of shape [${rows}, ${cols}] (${rows * cols} values), got [${m.shape.join(', ')}] with ${m.data.length} values`);
      }
    };
    expect('encoderInput', batch.encoderInput, B, S);
    expect('encoderMask', batch.encoderMask, B, S);
    expect('decoderInput', batch.decoderInput, B, U);
    expect('target', batch.target, B, U);
    expect('decoderMask', batch.decoderMask, B, U);
    if (S > maxSourceLength || U > maxTargetLength) {
      throw new Error(
        `batch rows are longer than the model reads: sources of ${S} tokens (maxSourceLength ${maxSourceLength}), decoder rows of ${U} (maxTargetLength ${maxTargetLength}); ` +
          'build batches with seq2seqBatchOptions(model.config()) so they are cut to fit',
      );
    }
    validateIds(batch.encoderInput.data, sourceVocabSize, 'in encoderInput');
    validateIds(batch.decoderInput.data, targetVocabSize, 'in decoderInput');
    validateIds(batch.target.data, targetVocabSize, 'in target');
    if (sourceEos) {
      for (let b = 0; b < B; b++) {
        let last = -1;
        for (let s = 0; s < S; s++) if (batch.encoderMask.data[b * S + s] !== 0) last = s;
        if (last < 0 || batch.encoderInput.data[b * S + last] !== SPECIAL_TOKENS.EOS) {
          throw new Error(`the model has sourceEos, but source row ${b} of the batch does not end in EOS (${SPECIAL_TOKENS.EOS}); build batches with seq2seqBatchOptions(model.config())`);
        }
      }
    }
  }

  private checkNotDisposed(): void {
    if (this.disposed) throw new Error('this Seq2SeqTransformer has been disposed');
  }
}

/**
 * The flat (b·U + u) indices of a batch's real decoder positions (null when no position
 * is padding) and their target ids.
 */
function realTargetPositions(batch: Seq2SeqBatch): { rows: Int32Array | null; targets: Int32Array } {
  const mask = batch.decoderMask.data;
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  if (count === 0) throw new Error('expected a batch with at least one target position, but its decoderMask is all 0');
  if (count === mask.length) return { rows: null, targets: batch.target.data };
  const rows = new Int32Array(count);
  const targets = new Int32Array(count);
  for (let i = 0, k = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    rows[k] = i;
    targets[k++] = batch.target.data[i];
  }
  return { rows, targets };
}

function intTensor(m: IntMatrix): tf.Tensor2D {
  return tf.tensor2d(m.data, m.shape, 'int32');
}
