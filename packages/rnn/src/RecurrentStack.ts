import * as tf from '@tensorflow/tfjs';
import { createRecurrentLayer, RnnCellType, seededInitializer } from './RnnCellType';
import type { RecurrentLayer } from './RecurrentLayer';

/** Constructor arguments of {@link RecurrentStack}. */
export interface RecurrentStackArgs {
  /** `'lstm'` or `'gru'`. */
  cell: RnnCellType;
  /** Token ids are in [0, vocabSize). */
  vocabSize: number;
  /** Width of the token embeddings, the first layer's input. */
  embedDim: number;
  /** Units of every recurrent layer. */
  hiddenSize: number;
  /** Recurrent layers, stacked. */
  numLayers: number;
  /** Dropout on the embeddings and between layers, in training only. */
  dropout: number;
  /** Seed of every initializer (each weight gets its own seed derived from it), or null for unseeded. */
  seed: number | null;
  /** Prefix of the layer names: `''` gives `token_embedding`, `lstm_0`, …; `'encoder_'` gives `encoder_token_embedding`, … */
  namePrefix: string;
}

/** Per layer, that layer's state tensors ([h, c] or [h]), each (B, hiddenSize). */
export type RecurrentState = tf.Tensor2D[][];

/** What {@link RecurrentStack.run} returns. */
export interface RecurrentStackOutput {
  /** (T·B, hiddenSize): the top layer's outputs, time-major. */
  outputs: tf.Tensor2D;
  /** Every layer's final state. */
  state: RecurrentState;
}

/**
 * A token embedding followed by `numLayers` recurrent layers: the body of every tfzoo RNN
 * model. Sequences flow time-major (rows t·B … t·B + B − 1 are step t) from the embedding
 * lookup to the top layer, so no transposes run between layers.
 *
 * Layers (and so weight names): `<prefix>token_embedding` (`/embeddings`), then
 * `<prefix><cell>_<i>` (`/kernel`, `/recurrent_kernel`, `/bias`, [`/recurrent_bias`]).
 * All weights are created in the constructor: embeddings from N(0, 1), kernels Glorot
 * uniform, recurrent kernels orthogonal, biases zero (the LSTM's forget gate one).
 */
export class RecurrentStack {
  readonly args: RecurrentStackArgs;
  readonly embedding: tf.layers.Layer;
  readonly layers: RecurrentLayer[];

  constructor(args: RecurrentStackArgs) {
    this.args = args;
    const { cell, vocabSize, embedDim, hiddenSize, numLayers, dropout, seed, namePrefix } = args;
    for (const [name, value] of [['vocabSize', vocabSize], ['embedDim', embedDim], ['hiddenSize', hiddenSize], ['numLayers', numLayers]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${namePrefix}RecurrentStack: expected ${name} to be a positive integer, got ${JSON.stringify(value)}`);
    }
    if (!(dropout >= 0 && dropout < 1)) throw new Error(`${namePrefix}RecurrentStack: expected dropout in [0, 1), got ${JSON.stringify(dropout)}`);
    const seedFor = (k: number) => (seed === null ? null : seed + k);
    this.embedding = tf.layers.embedding({
      name: `${namePrefix}token_embedding`,
      inputDim: vocabSize,
      outputDim: embedDim,
      // N(0, 1), PyTorch's nn.Embedding default. tfjs's default, uniform ±0.05, feeds the
      // recurrent layers inputs about 1/20 of their scale: an LSTM then needed several times
      // more steps to learn the bench's recall task at N = 8 (and failed at 200 steps with
      // the learning rate the others used).
      embeddingsInitializer: { className: 'RandomNormal', config: { mean: 0, stddev: 1, seed: seedFor(0) } } as never,
    });
    tf.tidy(() => void this.embedding.apply(tf.zeros([1, 1], 'int32')));
    this.layers = Array.from({ length: numLayers }, (_, i) => {
      const layer = createRecurrentLayer(cell, {
        name: `${namePrefix}${cell}_${i}`,
        units: hiddenSize,
        kernelInitializer: seededInitializer('glorotUniform', seedFor(10 * i + 1)),
        recurrentInitializer: seededInitializer('householderOrthogonal', seedFor(10 * i + 2)),
      });
      tf.tidy(() => void layer.apply(tf.zeros([1, 1, i === 0 ? embedDim : hiddenSize])));
      return layer;
    });
  }

  /** Every weight of the embedding and the recurrent layers, in layer order. */
  get weights(): tf.LayerVariable[] {
    return [this.embedding, ...this.layers].flatMap((l) => l.weights);
  }

  /**
   * Embeds time-major ids (T·B,) and runs every layer over them. `mask` (T·B,) holds 1 on
   * real tokens, 0 on padding (the state is carried over padded steps); `initialState`
   * gives each layer's starting state (default zeros). Call inside `tf.tidy` or a gradient.
   */
  run(ids: tf.Tensor1D, steps: number, options: { mask?: tf.Tensor1D; initialState?: RecurrentState; training?: boolean } = {}): RecurrentStackOutput {
    const rows = ids.shape[0];
    if (options.initialState !== undefined && options.initialState.length !== this.layers.length) {
      throw new Error(`${this.args.namePrefix}RecurrentStack: expected an initial state for each of ${this.layers.length} layers, got ${options.initialState.length}`);
    }
    const mask = options.mask === undefined ? undefined : (tf.reshape(options.mask, [steps, rows / steps]) as tf.Tensor2D);
    let x = this.embed(ids, options.training);
    const state: RecurrentState = [];
    this.layers.forEach((layer, i) => {
      if (i > 0) x = this.dropout(x, options.training);
      const result = layer.forwardTimeMajor(x, steps, { mask, initialState: options.initialState?.[i] });
      x = result.outputs;
      state.push(result.state);
    });
    return { outputs: x, state };
  }

  /**
   * One generation step for B sequences: `ids` (B,) are the latest tokens, `state` what
   * the previous step (or `run`) returned. Returns the top layer's output (B, hiddenSize)
   * and the new state. The caller owns the returned tensors and disposes each.
   */
  step(ids: tf.Tensor1D, state: RecurrentState): { output: tf.Tensor2D; state: RecurrentState } {
    return tf.tidy(() => {
      let x = this.embed(ids, false);
      const next: RecurrentState = this.layers.map((layer, i) => {
        const s = layer.step(x, state[i]);
        x = s[0];
        return s;
      });
      // A handle of its own: the caller may dispose the output and the state separately.
      return { output: tf.clone(x), state: next };
    });
  }

  /** The all-zero state for B sequences. */
  zeroState(batchSize: number): RecurrentState {
    return this.layers.map((l) => l.zeroState(batchSize));
  }

  /** Applies the stack's dropout (training only) to (…, hiddenSize) activations, e.g. before an output head. */
  dropout<T extends tf.Tensor>(x: T, training: boolean | undefined): T {
    return training && this.args.dropout > 0 ? (tf.dropout(x, this.args.dropout) as T) : x;
  }

  dispose(): void {
    for (const layer of [this.embedding, ...this.layers]) layer.dispose();
  }

  private embed(ids: tf.Tensor1D, training: boolean | undefined): tf.Tensor2D {
    // (N,) ids → (N, 1, E) from tf.layers.embedding → (N, E)
    const embedded = this.embedding.apply(tf.reshape(ids, [ids.shape[0], 1])) as tf.Tensor3D;
    return this.dropout(tf.reshape(embedded, [ids.shape[0], this.args.embedDim]) as tf.Tensor2D, training);
  }
}

/** Disposes every tensor of a recurrent state. */
export function disposeRecurrentState(state: RecurrentState): void {
  for (const layer of state) tf.dispose(layer);
}
