import * as tf from '@tensorflow/tfjs';
import type { IntMatrix, Seq2SeqBatch } from '@tfzoo/data';
import { SPECIAL_TOKENS, validateIds } from '@tfzoo/tokenizers';
import { loadWeights, type LossOptions, type ModelVariable, type TrainableModel } from '@tfzoo/train';
import { readModelConfig, saveModelFiles } from './modelFiles';
import { countWeights, modelVariables } from './modelVariables';
import { disposeRecurrentState, RecurrentStack, type RecurrentState } from './RecurrentStack';
import { RNN_CELL_TYPES, type RnnCellType, seededInitializer } from './RnnCellType';
import { argMax } from './sampleToken';
import { sparseCrossEntropy } from './sparseCrossEntropy';
import { timeMajorIds, transposeIntMatrix } from './timeMajor';

/** Constructor arguments of {@link RnnSeq2Seq}. */
export interface RnnSeq2SeqConfig {
  /** `'lstm'` (default) or `'gru'`. */
  cell?: RnnCellType;
  /** Source token ids are in [0, sourceVocabSize). */
  sourceVocabSize: number;
  /** Target token ids are in [0, targetVocabSize). */
  targetVocabSize: number;
  /** Units of every recurrent layer, encoder and decoder. */
  hiddenSize: number;
  /** Width of both token embeddings. Default: `hiddenSize`. */
  embedDim?: number;
  /** Recurrent layers in the encoder and in the decoder. Default 2. */
  numLayers?: number;
  /** Dropout on embeddings, between layers and before the head, in training only. Default 0. */
  dropout?: number;
  /** Seed of the weight initializers, or null (default) for unseeded. */
  seed?: number | null;
}

/** An {@link RnnSeq2SeqConfig} with every default filled in. */
export type ResolvedRnnSeq2SeqConfig = Required<RnnSeq2SeqConfig> & { kind: 'rnn-seq2seq' };

/** Options of {@link RnnSeq2Seq.translate}. */
export interface RnnTranslateOptions {
  /** Longest output, EOS excluded. Default 64. */
  maxLength?: number;
}

/**
 * A recurrent encoder-decoder (Sutskever et al. 2014): the encoder's layers read the
 * source, and each decoder layer starts from the final state of the encoder layer at the
 * same depth, then predicts the target one token ahead (teacher forcing). No attention:
 * everything the decoder knows about the source passes through that fixed-size state,
 * which is the bottleneck attention was invented to remove (Bahdanau et al. 2015).
 *
 * Trains on @tfzoo/data's `Seq2SeqDataset` batches with the `Trainer`, like the
 * translation transformer. Padded source steps carry the encoder state, so the decoder
 * starts from the state after each source's last real token.
 *
 * Layer names: `encoder_token_embedding`, `encoder_<cell>_<i>`, `decoder_token_embedding`,
 * `decoder_<cell>_<i>`, `output_head`.
 *
 * @example
 * const mt = new RnnSeq2Seq({ sourceVocabSize: en.vocabSize, targetVocabSize: fr.vocabSize, hiddenSize: 256 });
 * await new Trainer(mt, { maxSteps: 3000 }).fit({ train, runDir: 'runs/mt-lstm' });
 * const [ids] = mt.translate([en.encode('I am hungry.')]);
 * console.log(fr.decode(ids));
 */
export class RnnSeq2Seq implements TrainableModel<Seq2SeqBatch> {
  static readonly className = 'RnnSeq2Seq';

  readonly encoder: RecurrentStack;
  readonly decoder: RecurrentStack;
  readonly head: tf.layers.Layer;
  private readonly resolved: ResolvedRnnSeq2SeqConfig;

  constructor(config: RnnSeq2SeqConfig) {
    this.resolved = resolveConfig(config);
    const { cell, sourceVocabSize, targetVocabSize, hiddenSize, embedDim, numLayers, dropout, seed } = this.resolved;
    const common = { cell, embedDim, hiddenSize, numLayers, dropout };
    this.encoder = new RecurrentStack({ ...common, vocabSize: sourceVocabSize, seed, namePrefix: 'encoder_' });
    this.decoder = new RecurrentStack({ ...common, vocabSize: targetVocabSize, seed: seed === null ? null : seed + 500, namePrefix: 'decoder_' });
    this.head = tf.layers.dense({
      name: 'output_head',
      units: targetVocabSize,
      kernelInitializer: seededInitializer('glorotUniform', seed === null ? null : seed + 1000) as never,
    });
    tf.tidy(() => void this.head.apply(tf.zeros([1, hiddenSize])));
  }

  /** Builds the model saved in `dir` by {@link save} and loads its weights. */
  static async load(dir: string): Promise<RnnSeq2Seq> {
    const model = new RnnSeq2Seq(await readModelConfig<RnnSeq2SeqConfig>(dir, RnnSeq2Seq.className));
    await loadWeights(dir, model);
    return model;
  }

  /** Saves `model.json` (this config) and the weights to `dir`. */
  async save(dir: string): Promise<void> {
    await saveModelFiles(dir, RnnSeq2Seq.className, this.resolved, this);
  }

  config(): ResolvedRnnSeq2SeqConfig {
    return { ...this.resolved };
  }

  variables(): ModelVariable[] {
    return modelVariables(RnnSeq2Seq.className, this.weights);
  }

  get weights(): tf.LayerVariable[] {
    return [...this.encoder.weights, ...this.decoder.weights, ...this.head.weights];
  }

  countParams(): number {
    return countWeights(this.weights);
  }

  /** Mean cross-entropy over the real (unpadded) target positions. */
  loss(batch: Seq2SeqBatch, options: LossOptions): tf.Scalar {
    const [B, U] = batch.decoderInput.shape;
    for (const [name, m] of [['target', batch.target], ['decoderMask', batch.decoderMask]] as const) {
      if (m.shape[0] !== B || m.shape[1] !== U) throw new Error(`expected ${name} of shape [${B}, ${U}] like decoderInput, got [${m.shape.join(', ')}]`);
    }
    validateIds(batch.decoderInput.data, this.resolved.targetVocabSize, 'in decoderInput');
    validateIds(batch.target.data, this.resolved.targetVocabSize, 'in target');
    return tf.tidy(() => {
      const state = this.encode(batch.encoderInput, batch.encoderMask, options.training);
      const { outputs } = this.decoder.run(timeMajorIds(batch.decoderInput), U, { initialState: state, training: options.training });
      const logits = this.head.apply(this.decoder.dropout(outputs, options.training)) as tf.Tensor2D; // (U·B, V)
      const weights = tf.tensor1d(Float32Array.from(transposeIntMatrix(batch.decoderMask)), 'float32');
      return sparseCrossEntropy(logits, timeMajorIds(batch.target), weights);
    });
  }

  /**
   * Greedy decoding of a batch of sources (ids without padding; add EOS if the model was
   * trained with `sourceEos`). Each output stops before EOS or at `maxLength` tokens.
   */
  translate(sources: readonly ArrayLike<number>[], options: RnnTranslateOptions = {}): Int32Array[] {
    const maxLength = options.maxLength ?? 64;
    const B = sources.length;
    if (B === 0) return [];
    const S = Math.max(...sources.map((s) => s.length));
    if (S === 0) throw new Error('RnnSeq2Seq.translate: expected at least one non-empty source');
    const ids = new Int32Array(B * S);
    const mask = new Int32Array(B * S);
    sources.forEach((s, b) => {
      validateIds(s, this.resolved.sourceVocabSize, `in source ${b}`);
      for (let t = 0; t < s.length; t++) {
        ids[b * S + t] = s[t];
        mask[b * S + t] = 1;
      }
    });
    const outputs: number[][] = sources.map(() => []);
    const done = new Array<boolean>(B).fill(false);
    let state = tf.tidy(() => this.encode({ data: ids, shape: [B, S] }, { data: mask, shape: [B, S] }, false));
    let tokens: number[] = new Array(B).fill(SPECIAL_TOKENS.BOS);
    try {
      for (let step = 0; step < maxLength && done.some((d) => !d); step++) {
        const next = tf.tidy(() => this.decoder.step(tf.tensor1d(tokens, 'int32'), state));
        disposeRecurrentState(state);
        state = next.state;
        const logits = tf.tidy(() => this.head.apply(next.output) as tf.Tensor2D);
        next.output.dispose();
        const V = this.resolved.targetVocabSize;
        const values = logits.dataSync();
        logits.dispose();
        tokens = tokens.map((_, b) => {
          const id = argMax(values.subarray(b * V, (b + 1) * V));
          if (id === SPECIAL_TOKENS.EOS) done[b] = true;
          if (!done[b]) outputs[b].push(id);
          return id;
        });
      }
    } finally {
      disposeRecurrentState(state);
    }
    return outputs.map((o) => Int32Array.from(o));
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.head.dispose();
  }

  /** Every encoder layer's final state (after each source's last real token). */
  private encode(sourceIds: IntMatrix, sourceMask: IntMatrix, training: boolean): RecurrentState {
    const [B, S] = sourceIds.shape;
    if (B < 1 || S < 1) throw new Error(`expected a non-empty batch of source ids, got shape [${B}, ${S}]`);
    if (sourceMask.shape[0] !== B || sourceMask.shape[1] !== S) throw new Error(`expected encoderMask of shape [${B}, ${S}] like encoderInput, got [${sourceMask.shape.join(', ')}]`);
    validateIds(sourceIds.data, this.resolved.sourceVocabSize, 'in encoderInput');
    const mask = tf.tensor1d(Float32Array.from(transposeIntMatrix(sourceMask)), 'float32');
    return this.encoder.run(timeMajorIds(sourceIds), S, { mask, training }).state;
  }
}

function resolveConfig(config: RnnSeq2SeqConfig): ResolvedRnnSeq2SeqConfig {
  const cell = config.cell ?? 'lstm';
  if (!RNN_CELL_TYPES.includes(cell)) throw new Error(`RnnSeq2Seq: expected cell to be one of ${RNN_CELL_TYPES.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(cell)}`);
  return {
    kind: 'rnn-seq2seq',
    cell,
    sourceVocabSize: config.sourceVocabSize,
    targetVocabSize: config.targetVocabSize,
    hiddenSize: config.hiddenSize,
    embedDim: config.embedDim ?? config.hiddenSize,
    numLayers: config.numLayers ?? 2,
    dropout: config.dropout ?? 0,
    seed: config.seed ?? null,
  };
}
