import * as tf from '@tensorflow/tfjs';
import { Random, type IntMatrix, type LmBatch } from '@tfzoo/data';
import { validateIds } from '@tfzoo/tokenizers';
import { loadWeights, type LossOptions, type ModelVariable, type TrainableModel } from '@tfzoo/train';
import { readModelConfig, saveModelFiles } from './modelFiles';
import { countWeights, modelVariables } from './modelVariables';
import { disposeRecurrentState, RecurrentStack, type RecurrentState } from './RecurrentStack';
import { RNN_CELL_TYPES, type RnnCellType, seededInitializer } from './RnnCellType';
import { sampleToken, type SamplingOptions } from './sampleToken';
import { sparseCrossEntropy } from './sparseCrossEntropy';
import { timeMajorIds } from './timeMajor';

/** Constructor arguments of {@link RnnLanguageModel}. */
export interface RnnLanguageModelConfig {
  /** `'lstm'` (default) or `'gru'`. */
  cell?: RnnCellType;
  /** Token ids are in [0, vocabSize): the tokenizer's `vocabSize`. */
  vocabSize: number;
  /** Units of every recurrent layer. */
  hiddenSize: number;
  /** Width of the token embeddings. Default: `hiddenSize`. */
  embedDim?: number;
  /** Recurrent layers, stacked. Default 2. */
  numLayers?: number;
  /** Dropout on embeddings, between layers and before the output head, in training only. Default 0. */
  dropout?: number;
  /** Seed of the weight initializers (reproducible models), or null (default) for unseeded. */
  seed?: number | null;
}

/** An {@link RnnLanguageModelConfig} with every default filled in: what `config()` returns and checkpoints store. */
export type ResolvedRnnLanguageModelConfig = Required<RnnLanguageModelConfig> & { kind: 'rnn-language-model' };

/**
 * A language-modelling batch: @tfzoo/data's `LmBatch` (x, y: (B, T)), optionally with a
 * (B, T) loss weight per target (1 counts, 0 ignores: prompt tokens, padding), the same
 * shape as @tfzoo/gpt's `LanguageModelBatch`.
 */
export interface RnnLanguageModelBatch extends LmBatch {
  /** (B, T) loss weight of each target; default: every target counts. */
  weights?: { data: Float32Array; shape: [number, number] } | null;
}

/** Logits for the next token and the state to continue from. */
export interface RnnStepResult {
  /** (B, vocabSize): logits for the token after the last one read. */
  logits: tf.Tensor2D;
  /** Every layer's state after the last token read; pass it to `next`. */
  state: RecurrentState;
}

/** Options of {@link RnnLanguageModel.generate}. */
export interface RnnGenerateOptions extends SamplingOptions {
  /** Tokens to add after the prompt. */
  maxNewTokens: number;
  /** Seed of the sampler. Default 0. */
  seed?: number;
  /** Stop after generating this id (e.g. `SPECIAL_TOKENS.EOS`); it is included in the result. */
  stopToken?: number;
}

/**
 * A recurrent language model: token embedding → `numLayers` LSTM or GRU layers → a dense
 * head over the vocabulary, predicting token t + 1 from tokens 0 … t (char-rnn, Karpathy
 * 2015; Zaremba et al. 2014). It plugs into @tfzoo/train's `Trainer` on @tfzoo/data's
 * `LmDataset` batches like the transformers do, and generates by carrying its state, one
 * step per token.
 *
 * Layer names (and so weight names): `token_embedding`, `<cell>_0` … `<cell>_{n−1}`,
 * `lm_head`. Weights are created in the constructor.
 *
 * @example
 * const lm = new RnnLanguageModel({ cell: 'lstm', vocabSize: tokenizer.vocabSize, hiddenSize: 256 });
 * const trainer = new Trainer(lm, { maxSteps: 2000, learningRate: 3e-3 });
 * await trainer.fit({ train: { next: () => dataset.sampleBatch(32) }, runDir: 'runs/lstm' });
 * const ids = await lm.generate(tokenizer.encode('ROMEO:'), { maxNewTokens: 200, temperature: 0.8 });
 */
export class RnnLanguageModel implements TrainableModel<RnnLanguageModelBatch> {
  static readonly className = 'RnnLanguageModel';

  readonly stack: RecurrentStack;
  readonly head: tf.layers.Layer;
  private readonly resolved: ResolvedRnnLanguageModelConfig;

  constructor(config: RnnLanguageModelConfig) {
    this.resolved = resolveConfig(config);
    const { cell, vocabSize, hiddenSize, embedDim, numLayers, dropout, seed } = this.resolved;
    this.stack = new RecurrentStack({ cell, vocabSize, embedDim, hiddenSize, numLayers, dropout, seed, namePrefix: '' });
    this.head = tf.layers.dense({
      name: 'lm_head',
      units: vocabSize,
      kernelInitializer: seededInitializer('glorotUniform', seed === null ? null : seed + 1000) as never,
    });
    tf.tidy(() => void this.head.apply(tf.zeros([1, hiddenSize])));
  }

  /** Builds the model saved in `dir` by {@link save} and loads its weights. */
  static async load(dir: string): Promise<RnnLanguageModel> {
    const model = new RnnLanguageModel(await readModelConfig<RnnLanguageModelConfig>(dir, RnnLanguageModel.className));
    await loadWeights(dir, model);
    return model;
  }

  /** Saves `model.json` (this config) and the weights to `dir`. */
  async save(dir: string): Promise<void> {
    await saveModelFiles(dir, RnnLanguageModel.className, this.resolved, this);
  }

  config(): ResolvedRnnLanguageModelConfig {
    return { ...this.resolved };
  }

  variables(): ModelVariable[] {
    return modelVariables(RnnLanguageModel.className, this.weights);
  }

  /** Every weight: the stack's, then the head's. */
  get weights(): tf.LayerVariable[] {
    return [...this.stack.weights, ...this.head.weights];
  }

  /** Number of parameters (see also `rnnLanguageModelParams`, which computes it from a config). */
  countParams(): number {
    return countWeights(this.weights);
  }

  /** Mean next-token cross-entropy over every position of the batch (weighted when it has weights). */
  loss(batch: RnnLanguageModelBatch, options: LossOptions): tf.Scalar {
    const [B, T] = checkBatch(batch.x, batch.y, this.resolved.vocabSize);
    const weights = batch.weights ?? null;
    if (weights !== null && (weights.shape[0] !== B || weights.shape[1] !== T || weights.data.length !== B * T)) {
      throw new Error(`expected loss weights of shape [${B}, ${T}] like the inputs, got [${weights.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const logits = this.logitsTimeMajor(timeMajorIds(batch.x), T, options.training).logits; // (T·B, V)
      const w = weights === null ? undefined : tf.tensor1d(transposeFloats(weights.data, B, T), 'float32');
      return sparseCrossEntropy(logits, timeMajorIds(batch.y), w);
    });
  }

  /** Logits (B, T, vocabSize) for every position of a (B, T) batch of ids (inference: dropout off). */
  logits(ids: IntMatrix): tf.Tensor3D {
    const [B, T] = ids.shape;
    validateIds(ids.data, this.resolved.vocabSize);
    return tf.tidy(() => {
      const { logits } = this.logitsTimeMajor(timeMajorIds(ids), T, false);
      return tf.transpose(tf.reshape(logits, [T, B, this.resolved.vocabSize]), [1, 0, 2]) as tf.Tensor3D;
    });
  }

  /**
   * Reads a (B, T) batch of prompts and returns the logits for the token after each and the
   * state to continue from with {@link next}. The caller disposes the result.
   */
  start(prompt: IntMatrix): RnnStepResult {
    const [B, T] = prompt.shape;
    if (T < 1) throw new Error('RnnLanguageModel.start: expected a prompt of at least one token');
    validateIds(prompt.data, this.resolved.vocabSize);
    return tf.tidy(() => {
      const { outputs, state } = this.stack.run(timeMajorIds(prompt), T);
      const last = tf.slice(outputs, [(T - 1) * B, 0], [B, this.resolved.hiddenSize]); // the outputs of step T − 1
      return { logits: this.head.apply(last) as tf.Tensor2D, state };
    });
  }

  /**
   * One generation step: reads one token per sequence (`tokens`, length B) from `state`
   * and returns the next logits and state. Costs one step of each layer, however long the
   * context. The caller disposes the result (and, when done with it, the state passed in).
   */
  next(tokens: ArrayLike<number>, state: RecurrentState): RnnStepResult {
    validateIds(tokens, this.resolved.vocabSize);
    return tf.tidy(() => {
      const { output, state: nextState } = this.stack.step(tf.tensor1d(Array.from(tokens), 'int32'), state);
      return { logits: this.head.apply(output) as tf.Tensor2D, state: nextState };
    });
  }

  /** The all-zero state for B sequences (what `start` begins from). */
  zeroState(batchSize: number): RecurrentState {
    return this.stack.zeroState(batchSize);
  }

  /** Continues `prompt` by up to `maxNewTokens` sampled tokens; returns prompt + continuation. */
  async generate(prompt: ArrayLike<number>, options: RnnGenerateOptions): Promise<Int32Array> {
    if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 0) {
      throw new Error(`expected maxNewTokens to be a non-negative integer, got ${options.maxNewTokens}`);
    }
    const out = Array.from(prompt);
    if (out.length === 0) throw new Error('RnnLanguageModel.generate: expected a prompt of at least one token (e.g. [SPECIAL_TOKENS.BOS])');
    const rng = new Random(options.seed ?? 0);
    let step = this.start({ data: Int32Array.from(out), shape: [1, out.length] });
    try {
      for (let i = 0; i < options.maxNewTokens; i++) {
        const token = sampleToken(await step.logits.data(), options, rng);
        out.push(token);
        if (token === options.stopToken || i === options.maxNewTokens - 1) break;
        const next = this.next([token], step.state);
        disposeStep(step);
        step = next;
      }
    } finally {
      disposeStep(step);
    }
    return Int32Array.from(out);
  }

  dispose(): void {
    this.stack.dispose();
    this.head.dispose();
  }

  /** Time-major ids (T·B,) → logits (T·B, V) and the final state. */
  private logitsTimeMajor(ids: tf.Tensor1D, steps: number, training: boolean): { logits: tf.Tensor2D; state: RecurrentState } {
    const { outputs, state } = this.stack.run(ids, steps, { training });
    return { logits: this.head.apply(this.stack.dropout(outputs, training)) as tf.Tensor2D, state };
  }
}

/** Disposes a step result's logits and state. */
export function disposeStep(step: RnnStepResult): void {
  step.logits.dispose();
  disposeRecurrentState(step.state);
}

function resolveConfig(config: RnnLanguageModelConfig): ResolvedRnnLanguageModelConfig {
  const cell = config.cell ?? 'lstm';
  if (!RNN_CELL_TYPES.includes(cell)) throw new Error(`RnnLanguageModel: expected cell to be one of ${RNN_CELL_TYPES.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(cell)}`);
  return {
    kind: 'rnn-language-model',
    cell,
    vocabSize: config.vocabSize,
    hiddenSize: config.hiddenSize,
    embedDim: config.embedDim ?? config.hiddenSize,
    numLayers: config.numLayers ?? 2,
    dropout: config.dropout ?? 0,
    seed: config.seed ?? null,
  };
}

/** A row-major (B, T) float matrix's values in time-major (T, B) order. */
function transposeFloats(data: Float32Array, B: number, T: number): Float32Array {
  const out = new Float32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[t * B + b] = data[b * T + t];
  return out;
}

/** Checks that x and y are (B, T) batches of valid ids of the same shape; returns [B, T]. */
function checkBatch(x: IntMatrix, y: IntMatrix, vocabSize: number): [number, number] {
  const [B, T] = x.shape;
  if (y.shape[0] !== B || y.shape[1] !== T) throw new Error(`expected targets of shape [${B}, ${T}] like the inputs, got [${y.shape.join(', ')}]`);
  if (T < 1 || B < 1) throw new Error(`expected a non-empty batch, got shape [${B}, ${T}]`);
  validateIds(x.data, vocabSize, 'in the inputs');
  validateIds(y.data, vocabSize, 'in the targets');
  return [B, T];
}
