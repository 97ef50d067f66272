import * as tf from '@tensorflow/tfjs';
import type { ClassificationBatch, IntMatrix } from '@tfzoo/data';
import { validateIds } from '@tfzoo/tokenizers';
import { loadWeights, type LossOptions, type ModelVariable, type TrainableModel } from '@tfzoo/train';
import { readModelConfig, saveModelFiles } from './modelFiles';
import { countWeights, modelVariables } from './modelVariables';
import { RecurrentStack } from './RecurrentStack';
import { RNN_CELL_TYPES, type RnnCellType, seededInitializer } from './RnnCellType';
import { sparseCrossEntropy } from './sparseCrossEntropy';
import { timeMajorIds, transposeIntMatrix } from './timeMajor';

/** How {@link RnnClassifier} turns a sequence of outputs into one vector. */
export type RnnPooling = 'last' | 'mean';

/** Constructor arguments of {@link RnnClassifier}. */
export interface RnnClassifierConfig {
  /** `'lstm'` (default) or `'gru'`. */
  cell?: RnnCellType;
  /** Token ids are in [0, vocabSize). */
  vocabSize: number;
  /** Classes; labels are ids in [0, numClasses). At least 2. */
  numClasses: number;
  /** Units of every recurrent layer. */
  hiddenSize: number;
  /** Width of the token embeddings. Default: `hiddenSize`. */
  embedDim?: number;
  /** Recurrent layers, stacked. Default 1. */
  numLayers?: number;
  /** Dropout on embeddings, between layers and before the head, in training only. Default 0. */
  dropout?: number;
  /**
   * `'last'` (default): the top layer's state after each row's last real token (padding is
   * skipped: the state is carried over padded steps). `'mean'`: the mean of its outputs
   * over the real tokens.
   */
  pooling?: RnnPooling;
  /** Seed of the weight initializers, or null (default) for unseeded. */
  seed?: number | null;
}

/** An {@link RnnClassifierConfig} with every default filled in. */
export type ResolvedRnnClassifierConfig = Required<RnnClassifierConfig> & { kind: 'rnn-classifier' };

/**
 * A recurrent sequence classifier: token embedding → LSTM/GRU layers → pooling over the
 * real tokens → a dense head over the classes. Trains on @tfzoo/data's
 * `ClassificationDataset` batches (right-padded ids, 0/1 mask, int labels) with the
 * `Trainer`, like the BERT classifier.
 *
 * Layer names: `token_embedding`, `<cell>_0` …, `classifier_head`.
 *
 * @example
 * const clf = new RnnClassifier({ vocabSize: words.vocabSize, numClasses: 2, hiddenSize: 128 });
 * const trainer = new Trainer(clf, { maxSteps: 500, learningRate: 2e-3 });
 * const probs = clf.predict(batch.inputIds, batch.mask);   // (B, 2)
 */
export class RnnClassifier implements TrainableModel<ClassificationBatch> {
  static readonly className = 'RnnClassifier';

  readonly stack: RecurrentStack;
  readonly head: tf.layers.Layer;
  private readonly resolved: ResolvedRnnClassifierConfig;

  constructor(config: RnnClassifierConfig) {
    this.resolved = resolveConfig(config);
    const { cell, vocabSize, hiddenSize, embedDim, numLayers, dropout, seed, numClasses } = this.resolved;
    this.stack = new RecurrentStack({ cell, vocabSize, embedDim, hiddenSize, numLayers, dropout, seed, namePrefix: '' });
    this.head = tf.layers.dense({
      name: 'classifier_head',
      units: numClasses,
      kernelInitializer: seededInitializer('glorotUniform', seed === null ? null : seed + 1000) as never,
    });
    tf.tidy(() => void this.head.apply(tf.zeros([1, hiddenSize])));
  }

  /** Builds the model saved in `dir` by {@link save} and loads its weights. */
  static async load(dir: string): Promise<RnnClassifier> {
    const model = new RnnClassifier(await readModelConfig<RnnClassifierConfig>(dir, RnnClassifier.className));
    await loadWeights(dir, model);
    return model;
  }

  /** Saves `model.json` (this config) and the weights to `dir`. */
  async save(dir: string): Promise<void> {
    await saveModelFiles(dir, RnnClassifier.className, this.resolved, this);
  }

  config(): ResolvedRnnClassifierConfig {
    return { ...this.resolved };
  }

  variables(): ModelVariable[] {
    return modelVariables(RnnClassifier.className, this.weights);
  }

  get weights(): tf.LayerVariable[] {
    return [...this.stack.weights, ...this.head.weights];
  }

  countParams(): number {
    return countWeights(this.weights);
  }

  /** Mean cross-entropy of the class logits against the batch's int labels. */
  loss(batch: ClassificationBatch, options: LossOptions): tf.Scalar {
    const labels = batch.labels.data;
    const C = this.resolved.numClasses;
    for (let i = 0; i < labels.length; i++) {
      if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= C) throw new Error(`expected class labels in [0, ${C}), got ${labels[i]} at position ${i}`);
    }
    return tf.tidy(() => sparseCrossEntropy(this.classLogits(batch.inputIds, batch.mask, options.training), tf.tensor1d(Int32Array.from(labels), 'int32')));
  }

  /** Class probabilities (B, numClasses) for right-padded ids; `mask` (1 = token) defaults to all ones. */
  predict(inputIds: IntMatrix, mask?: IntMatrix): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.classLogits(inputIds, mask, false)) as tf.Tensor2D);
  }

  dispose(): void {
    this.stack.dispose();
    this.head.dispose();
  }

  /** (B, numClasses) logits. */
  private classLogits(ids: IntMatrix, mask: IntMatrix | undefined, training: boolean): tf.Tensor2D {
    const [B, T] = ids.shape;
    if (B < 1 || T < 1) throw new Error(`expected a non-empty batch of ids, got shape [${B}, ${T}]`);
    validateIds(ids.data, this.resolved.vocabSize);
    if (mask !== undefined && (mask.shape[0] !== B || mask.shape[1] !== T)) {
      throw new Error(`expected a mask of shape [${B}, ${T}] like the ids, got [${mask.shape.join(', ')}]`);
    }
    const maskTimeMajor = mask === undefined ? undefined : tf.tensor1d(Float32Array.from(transposeIntMatrix(mask)), 'float32');
    const { outputs, state } = this.stack.run(timeMajorIds(ids), T, { mask: maskTimeMajor, training });
    let pooled: tf.Tensor2D;
    if (this.resolved.pooling === 'last') {
      pooled = state[state.length - 1][0]; // the top layer's h after each row's last real token
    } else {
      const H = this.resolved.hiddenSize;
      const m = maskTimeMajor === undefined ? tf.ones([T, B, 1]) : tf.reshape(maskTimeMajor, [T, B, 1]);
      const summed = tf.sum(tf.mul(tf.reshape(outputs, [T, B, H]), m), 0); // (B, H)
      pooled = tf.div(summed, tf.maximum(tf.sum(m, 0), 1)) as tf.Tensor2D;
    }
    return this.head.apply(this.stack.dropout(pooled, training)) as tf.Tensor2D;
  }
}

function resolveConfig(config: RnnClassifierConfig): ResolvedRnnClassifierConfig {
  const cell = config.cell ?? 'lstm';
  if (!RNN_CELL_TYPES.includes(cell)) throw new Error(`RnnClassifier: expected cell to be one of ${RNN_CELL_TYPES.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(cell)}`);
  if (!Number.isInteger(config.numClasses) || config.numClasses < 2) throw new Error(`RnnClassifier: expected numClasses to be an integer >= 2, got ${JSON.stringify(config.numClasses)}`);
  const pooling = config.pooling ?? 'last';
  if (pooling !== 'last' && pooling !== 'mean') throw new Error(`RnnClassifier: expected pooling 'last' or 'mean', got ${JSON.stringify(pooling)}`);
  return {
    kind: 'rnn-classifier',
    cell,
    vocabSize: config.vocabSize,
    numClasses: config.numClasses,
    hiddenSize: config.hiddenSize,
    embedDim: config.embedDim ?? config.hiddenSize,
    numLayers: config.numLayers ?? 1,
    dropout: config.dropout ?? 0,
    pooling,
    seed: config.seed ?? null,
  };
}
