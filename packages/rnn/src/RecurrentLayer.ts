import * as tf from '@tensorflow/tfjs';
import type { BaseLayerArgs, InitializerArg, InitializerSpec } from '@tfzoo/layers';
import './HouseholderOrthogonal';
import { initializerFromSpec, toInitializerSpec } from './initializerFromSpec';
import type { RecurrentCell } from './RecurrentCell';
import { recurrentScan } from './recurrentScan';

/** Constructor arguments shared by {@link LstmLayer} and {@link GruLayer}. */
export interface RecurrentLayerArgs extends BaseLayerArgs {
  /** Size of the hidden state h (and of the LSTM's cell state c); the output's last dimension. */
  units: number;
  /** Return the output at every step, (B, T, units) (default), or only the last, (B, units). */
  returnSequences?: boolean;
  /** Also return the final state tensors ([h] or [h, c]) after the output. Default false. */
  returnState?: boolean;
  /** Input kernel (inputDim, gates·units). Default `'glorotUniform'`. */
  kernelInitializer?: InitializerArg;
  /**
   * Recurrent kernel (units, gates·units). Default `'householderOrthogonal'`: orthogonal,
   * as Keras, but computed in milliseconds (see `HouseholderOrthogonal`).
   */
  recurrentInitializer?: InitializerArg;
  /** Biases. Default `'zeros'` (the LSTM's forget gate then gets +1, see `unitForgetBias`). */
  biasInitializer?: InitializerArg;
}

/** Options of a recurrent layer's `call` (and `apply` on concrete tensors). */
export interface RecurrentCallOptions {
  /** The state to start from, ([h] or [h, c]), each (B, units); default zeros. */
  initialState?: tf.Tensor[];
  /** Unused (no dropout inside the layer); accepted because models pass it to every layer. */
  training?: boolean;
}

/** What {@link RecurrentLayer.forwardTimeMajor} returns. */
export interface RecurrentResult {
  /** (T·B, units): the outputs, time-major (rows t·B … t·B + B − 1 are step t). */
  outputs: tf.Tensor2D;
  /** The state after the last step, each (B, units): [h] or [h, c]. */
  state: tf.Tensor2D[];
}

/**
 * The shared machinery of the LSTM and GRU layers: weights, the time loop, masking and
 * single-step decoding. A subclass supplies its cell (`lstmCell`, `gruCell`): one step's
 * arithmetic, forward and backward.
 *
 * **Why our own layers and not tf.layers.lstm/gru:** the input projection x·W of every
 * step is one (T·B, D)·(D, G·units) product before the loop, so the loop runs only the
 * recurrent product h·U and the gate arithmetic (about 11 kernels per LSTM step); the
 * backward pass is written by hand (`recurrentScan`), with the weight gradients as
 * whole-sequence products; and multi-layer models pass sequences between layers
 * time-major without transposes. tf.layers' cells multiply x·W inside the loop, step by
 * step, and leave the loop's gradient to autodiff. `scripts/bench-rnn-cells.ts` measures
 * the difference (2.6–3.2× per gradient step on wasm).
 *
 * **Inputs:** `x` (B, T, D), or `[x, mask]` with mask (B, T) of 1 = real, 0 = padding.
 * On a padded step the state is carried over unchanged (and output again), so with right
 * padding the final state is the state after each row's last real token, as in Keras.
 * **Outputs:** (B, T, units), or (B, units) with `returnSequences: false`; with
 * `returnState`, `[output, ...finalState]`.
 *
 * Weights: `kernel` (D, G·units), `recurrent_kernel` (units, G·units), `bias` (G·units),
 * plus whatever the cell adds (the GRU's `recurrent_bias`).
 */
export abstract class RecurrentLayer extends tf.layers.Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly kernelInitializer: InitializerSpec;
  readonly recurrentInitializer: InitializerSpec;
  readonly biasInitializer: InitializerSpec;

  protected kernel: tf.LayerVariable | null = null;
  protected recurrentKernel: tf.LayerVariable | null = null;
  protected bias: tf.LayerVariable | null = null;
  private inputDim = 0;

  constructor(args: RecurrentLayerArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new Error(`${this.getClassName()} '${this.name}': expected units to be a positive integer, got ${JSON.stringify(args.units)}`);
    }
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? true;
    this.returnState = args.returnState ?? false;
    this.kernelInitializer = toInitializerSpec(args.kernelInitializer, 'glorotUniform');
    this.recurrentInitializer = toInitializerSpec(args.recurrentInitializer, 'householderOrthogonal');
    this.biasInitializer = toInitializerSpec(args.biasInitializer, 'zeros');
    this.supportsMasking = true;
  }

  /** The cell's arithmetic (forward and backward step). */
  protected abstract get cell(): RecurrentCell;

  /** Gates per step: 4 for the LSTM (i, f, o, g), 3 for the GRU (r, z, n). */
  get gates(): number {
    return this.cell.gates;
  }

  /** State tensors carried between steps: 2 for the LSTM ([h, c]), 1 for the GRU ([h]). */
  get stateSize(): number {
    return this.cell.stateSize;
  }

  /** The recurrent bias weight, for cells that have one (GRU); created by `buildCell`. */
  protected recurrentBiasWeight(): tf.LayerVariable | null {
    return null;
  }

  /** Initial bias values; the LSTM overrides this for its forget gate. */
  protected initialBias(): tf.Tensor1D {
    return initializerFromSpec(this.biasInitializer).apply([this.gates * this.units], 'float32') as tf.Tensor1D;
  }

  /** Creates weights beyond kernel, recurrent kernel and bias (the GRU's recurrent bias). */
  protected buildCell(): void {}

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const xShape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = xShape[xShape.length - 1];
    if (xShape.length !== 3 || inputDim == null) {
      throw new Error(`${this.label()}: expected input of shape (B, T, D) with D known, got ${formatShape(xShape)}`);
    }
    this.inputDim = inputDim;
    const width = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [inputDim, width], 'float32', initializerFromSpec(this.kernelInitializer));
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, width], 'float32', initializerFromSpec(this.recurrentInitializer));
    const bias = this.initialBias();
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros());
    this.bias.write(bias);
    bias.dispose();
    this.buildCell();
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const xShape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [B, T] = xShape;
    const output: tf.Shape = this.returnSequences ? [B, T, this.units] : [B, this.units];
    if (!this.returnState) return output;
    return [output, ...Array.from({ length: this.stateSize }, (): tf.Shape => [B, this.units])];
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    // The layer consumes the mask (padded steps carry the state); its outputs carry none.
    const none = null as unknown as tf.Tensor;
    return this.returnState ? Array.from({ length: 1 + this.stateSize }, () => none) : none;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: RecurrentCallOptions = {}): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      if (list.length > 2) throw new Error(`${this.label()}: expected x or [x, mask], got ${list.length} inputs`);
      const x = list[0] as tf.Tensor3D;
      if (x.rank !== 3) throw new Error(`${this.label()}: expected input of shape (B, T, D), got ${formatShape(x.shape)}`);
      const [B, T, D] = x.shape;
      const mask = list[1] as tf.Tensor2D | undefined;
      if (mask !== undefined && (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== T)) {
        throw new Error(`${this.label()}: expected a mask of shape [${B}, ${T}] for input ${formatShape(x.shape)}, got ${formatShape(mask.shape)}`);
      }
      const timeMajor = tf.reshape(tf.transpose(x, [1, 0, 2]), [T * B, D]) as tf.Tensor2D; // (T·B, D)
      const result = this.forwardTimeMajor(timeMajor, T, {
        mask: mask === undefined ? undefined : (tf.transpose(mask) as tf.Tensor2D),
        initialState: kwargs.initialState as tf.Tensor2D[] | undefined,
      });
      const output = this.returnSequences
        ? tf.transpose(tf.reshape(result.outputs, [T, B, this.units]), [1, 0, 2]) // (B, T, units)
        : result.state[0];
      return this.returnState ? [output, ...result.state] : output;
    });
  }

  /**
   * Runs the layer over a time-major sequence: `x` is (T·B, D) with step t in rows
   * t·B … t·B + B − 1, `mask` (T, B) if given. Models chain layers through this to avoid
   * transposing between them. Not wrapped in `tf.tidy`: call it inside one (or a gradient).
   */
  forwardTimeMajor(x: tf.Tensor2D, steps: number, options: { mask?: tf.Tensor2D; initialState?: tf.Tensor2D[] } = {}): RecurrentResult {
    this.ensureBuilt(x.shape[1]);
    const [rows, D] = x.shape;
    if (!Number.isInteger(steps) || steps < 1 || rows % steps !== 0) {
      throw new Error(`${this.label()}: expected ${steps} steps to divide the ${rows} input rows`);
    }
    if (D !== this.inputDim) throw new Error(`${this.label()}: expected input features ${this.inputDim} (the size it was built for), got ${D}`);
    const B = rows / steps;
    const initialState = this.checkState(options.initialState, B) ?? this.zeroState(B);
    let mask: tf.Tensor2D | null = null;
    if (options.mask !== undefined) {
      const m = options.mask;
      if (m.rank !== 2 || m.shape[0] !== steps || m.shape[1] !== B) {
        throw new Error(`${this.label()}: expected a time-major mask of shape [${steps}, ${B}], got ${formatShape(m.shape)}`);
      }
      mask = tf.reshape(tf.cast(m, 'float32'), [rows, 1]);
    }
    const recurrentBias = this.recurrentBiasWeight();
    const all = recurrentScan(this.cell, {
      x,
      steps,
      kernel: this.kernel!.read() as tf.Tensor2D,
      bias: this.bias!.read() as tf.Tensor1D,
      recurrentKernel: this.recurrentKernel!.read() as tf.Tensor2D,
      recurrentBias: recurrentBias === null ? null : (recurrentBias.read() as tf.Tensor1D),
      initialState,
      mask,
    }); // (T·B + (S − 1)·B, units): outputs, then the LSTM's c_T
    const outputs = this.stateSize === 1 ? all : (tf.slice(all, [0, 0], [rows, this.units]) as tf.Tensor2D);
    const state = [tf.slice(all, [rows - B, 0], [B, this.units]) as tf.Tensor2D];
    for (let k = 1; k < this.stateSize; k++) state.push(tf.slice(all, [rows + (k - 1) * B, 0], [B, this.units]) as tf.Tensor2D);
    return { outputs, state };
  }

  /**
   * One step for generation: `x` (B, D) is the next input, `state` the state the previous
   * step returned (or {@link zeroState}). Returns the new state; its first tensor, h, is the
   * output. Not wrapped in `tf.tidy`; the caller owns the returned tensors.
   */
  step(x: tf.Tensor2D, state: tf.Tensor2D[]): tf.Tensor2D[] {
    this.ensureBuilt(x.shape[1]);
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) {
      throw new Error(`${this.label()}: expected a step input of shape [B, ${this.inputDim}], got ${formatShape(x.shape)}`);
    }
    const checked = this.checkState(state, x.shape[0])!;
    const projected = tf.fused.matMul({ a: x, b: this.kernel!.read() as tf.Tensor2D, bias: this.bias!.read() }) as tf.Tensor2D;
    const recurrentBias = this.recurrentBiasWeight();
    return this.cell.forward(projected, checked, {
      recurrentKernel: this.recurrentKernel!.read() as tf.Tensor2D,
      recurrentBias: recurrentBias === null ? null : (recurrentBias.read() as tf.Tensor1D),
    }).state;
  }

  /** The all-zero state for a batch of B rows: `stateSize` tensors of shape (B, units). */
  zeroState(batchSize: number): tf.Tensor2D[] {
    return Array.from({ length: this.stateSize }, () => tf.zeros([batchSize, this.units]) as tf.Tensor2D);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      kernelInitializer: this.kernelInitializer,
      recurrentInitializer: this.recurrentInitializer,
      biasInitializer: this.biasInitializer,
    };
  }

  protected label(): string {
    return `${this.getClassName()} '${this.name}'`;
  }

  /** Builds on first use outside `apply` (inside tf.layers' name scope, so weight names stay `<name>/kernel`). */
  private ensureBuilt(inputDim: number): void {
    if (this.built) return;
    tf.tidy(() => void this.apply(tf.zeros([1, 1, inputDim])));
  }

  private checkState(state: tf.Tensor[] | undefined, batchSize: number): tf.Tensor2D[] | null {
    if (state === undefined) return null;
    const expected = `${this.stateSize} tensor(s) of shape [${batchSize}, ${this.units}]`;
    if (state.length !== this.stateSize) throw new Error(`${this.label()}: expected a state of ${expected}, got ${state.length} tensor(s)`);
    state.forEach((s, i) => {
      if (s.rank !== 2 || s.shape[0] !== batchSize || s.shape[1] !== this.units) {
        throw new Error(`${this.label()}: expected a state of ${expected}, got ${formatShape(s.shape)} at index ${i}`);
      }
    });
    return state as tf.Tensor2D[];
  }
}

function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? '?' : String(d))).join(', ')}]`;
}
