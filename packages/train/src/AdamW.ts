import * as tf from '@tensorflow/tfjs';
import { ADAMW_KERNEL, type AdamWKernelAttrs } from '@tfzoo/core';
import type { ModelVariable } from './TrainableModel';
import type { NamedTensorData } from './tensorFile';

/** Constructor arguments of `AdamW`; defaults are PyTorch's. */
export interface AdamWOptions {
  /** Learning rate used when `applyGradients` is given none (default 1e-3). */
  learningRate?: number;
  /** Decay of the first-moment (mean) estimate (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment (uncentred variance) estimate (default 0.999; nanoGPT uses 0.95). */
  beta2?: number;
  /** Added to the root of the second moment to avoid dividing by zero (default 1e-8). */
  epsilon?: number;
  /**
   * Decoupled weight decay: each step multiplies a decayed weight by
   * `1 - learningRate * weightDecay` (default 0.01; nanoGPT uses 0.1).
   */
  weightDecay?: number;
  /**
   * Which weights decay. Default: those of rank ≥ 2 (matrices, embeddings),
   * not biases or normalisation scales, as nanoGPT's `configure_optimizers`.
   */
  decays?: (weight: ModelVariable) => boolean;
}

/** The hyper-parameters of an `AdamW`, as saved in checkpoints. */
export interface AdamWConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

/** An `AdamW`'s state on the JS side: step count and both moments of every weight it has updated. */
export interface AdamWState {
  /** Updates applied so far; the next update uses bias correction for `step + 1`. */
  step: number;
  /** `m/<weight name>` and `v/<weight name>` for each weight. */
  tensors: NamedTensorData[];
}

interface Moments {
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter), as `torch.optim.AdamW`:
 *
 *     w ← w · (1 − lr·λ)                      (only weights that decay)
 *     m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *     w ← w − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 *
 * tfjs ships no AdamW, and its Adam folds decay into the gradient (L2), which
 * Adam's per-weight scaling then distorts. Works directly on `ModelVariable`s
 * so moments are keyed by stable weight names and survive checkpoints.
 * Moments live in variables updated in place: the tensor count stays flat.
 *
 * @example
 * const opt = new AdamW({ weightDecay: 0.1, beta2: 0.95 });
 * opt.applyGradients(model.variables(), grads, 6e-4);
 */
export class AdamW {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private readonly decays: (weight: ModelVariable) => boolean;
  private readonly moments = new Map<string, Moments>();
  private stepCount = 0;

  constructor(options: AdamWOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
    this.decays = options.decays ?? ((w) => w.variable.rank >= 2);
    for (const [name, value] of [['beta1', this.beta1], ['beta2', this.beta2]] as const) {
      if (!(value >= 0 && value < 1)) throw new Error(`AdamW: expected ${name} in [0, 1), got ${value}`);
    }
    if (!(this.epsilon > 0)) throw new Error(`AdamW: expected epsilon > 0, got ${this.epsilon}`);
    if (!(this.weightDecay >= 0)) throw new Error(`AdamW: expected weightDecay >= 0, got ${this.weightDecay}`);
    if (!(this.learningRate >= 0)) throw new Error(`AdamW: expected learningRate >= 0, got ${this.learningRate}`);
  }

  /** Updates applied so far. */
  get step(): number {
    return this.stepCount;
  }

  /** Hyper-parameters, for checkpoints and logs. */
  getConfig(): AdamWConfig {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay };
  }

  /**
   * One update of every trainable weight that has a gradient (`grads` is keyed
   * by `ModelVariable.name`). Weights without a gradient are left alone, as in
   * PyTorch. Does not dispose `grads` or `gradScale`.
   *
   * `gradScale`, a float32 scalar tensor, multiplies every gradient first: pass
   * `clipFactor`'s factor to clip by global norm without materialising clipped
   * copies, and without reading the factor back to JS.
   *
   * Where the backend has the fused `ADAMW_KERNEL` (wasm, after
   * `registerWasmTrainingKernels`) each weight is one kernel call; elsewhere the
   * update is composed from tfjs ops. Both round the same float32 operations in
   * the same order, so they agree to float32 rounding.
   */
  applyGradients(
    weights: readonly ModelVariable[],
    grads: ReadonlyMap<string, tf.Tensor>,
    learningRate = this.learningRate,
    gradScale?: tf.Scalar,
  ): void {
    if (!(learningRate >= 0) || !Number.isFinite(learningRate)) {
      throw new Error(`AdamW: expected a finite learning rate >= 0, got ${learningRate}`);
    }
    if (gradScale !== undefined && (gradScale.size !== 1 || gradScale.dtype !== 'float32')) {
      throw new Error(`AdamW: expected gradScale to be a float32 scalar, got a ${gradScale.dtype} tensor of shape [${gradScale.shape}]`);
    }
    const t = this.stepCount + 1;
    const correction1 = 1 - Math.pow(this.beta1, t);
    const correction2 = 1 - Math.pow(this.beta2, t);
    const updates: Array<{ weight: ModelVariable; g: tf.Tensor; moments: Moments; decayFactor: number }> = [];
    for (const weight of weights) {
      if (!weight.trainable) continue;
      const g = grads.get(weight.name);
      if (g === undefined) continue;
      if (!sameShape(g.shape, weight.variable.shape)) {
        throw new Error(`AdamW: gradient for '${weight.name}' has shape [${g.shape}], expected [${weight.variable.shape}]`);
      }
      const decayFactor = this.weightDecay > 0 && this.decays(weight) ? 1 - learningRate * this.weightDecay : 1;
      updates.push({ weight, g, moments: this.momentsFor(weight.name, weight.variable.shape), decayFactor });
    }
    const fused = tf.getKernel(ADAMW_KERNEL, tf.getBackend()) != null;
    tf.tidy(() => {
      const hyper = { learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, correction1, correction2 };
      let one: tf.Scalar | undefined;
      for (const { weight, g, moments, decayFactor } of updates) {
        const w = weight.variable;
        if (fused && g.dtype === 'float32' && w.dtype === 'float32') {
          const scale = gradScale ?? (one ??= tf.scalar(1));
          const attrs: AdamWKernelAttrs = { ...hyper, decayFactor };
          const [newW, m, v] = tf.engine().runKernel(
            ADAMW_KERNEL,
            { w, g, m: moments.m, v: moments.v, gradScale: scale },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
          moments.m.assign(m);
          moments.v.assign(v);
          w.assign(newW);
          continue;
        }
        // The fused kernel mirrors these ops one for one: keep the two in step.
        const scaled = gradScale === undefined ? g : g.mul(gradScale);
        const m = moments.m.mul(this.beta1).add(scaled.mul(1 - this.beta1));
        const v = moments.v.mul(this.beta2).add(scaled.square().mul(1 - this.beta2));
        moments.m.assign(m);
        moments.v.assign(v);
        const mHat = m.div(correction1);
        const vHat = v.div(correction2);
        const step = mHat.div(vHat.sqrt().add(this.epsilon)).mul(learningRate);
        const decayed = decayFactor !== 1 ? w.mul(decayFactor) : w;
        w.assign(decayed.sub(step));
      }
    });
    this.stepCount = t;
  }

  /** Copies the state to the JS side, for checkpoints. */
  async getState(): Promise<AdamWState> {
    const tensors: NamedTensorData[] = [];
    for (const [name, { m, v }] of this.moments) {
      tensors.push({ name: `m/${name}`, shape: [...m.shape], dtype: 'float32', data: (await m.data()) as Float32Array });
      tensors.push({ name: `v/${name}`, shape: [...v.shape], dtype: 'float32', data: (await v.data()) as Float32Array });
    }
    return { step: this.stepCount, tensors };
  }

  /**
   * Restores a state from `getState`, checking every moment against the
   * model's weights: an unknown weight name or a different shape is an error
   * naming both. Weights without saved moments start from zero.
   */
  setState(state: AdamWState, weights: readonly ModelVariable[]): void {
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new Error(`AdamW.setState: expected step to be an integer >= 0, got ${state.step}`);
    }
    const shapes = new Map(weights.map((w) => [w.name, w.variable.shape]));
    const pairs = new Map<string, { m?: NamedTensorData; v?: NamedTensorData }>();
    for (const t of state.tensors) {
      const slash = t.name.indexOf('/');
      const kind = t.name.slice(0, slash);
      const name = t.name.slice(slash + 1);
      if (slash < 0 || (kind !== 'm' && kind !== 'v')) {
        throw new Error(`AdamW.setState: expected tensor names 'm/<weight>' or 'v/<weight>', got '${t.name}'`);
      }
      const expected = shapes.get(name);
      if (expected === undefined) throw new Error(`AdamW.setState: optimizer state has moments for '${name}', which the model does not have`);
      if (!sameShape(t.shape, expected)) {
        throw new Error(`AdamW.setState: moments of '${name}' have shape [${t.shape}], but the model's weight has shape [${expected}]`);
      }
      const pair = pairs.get(name) ?? {};
      pair[kind] = t;
      pairs.set(name, pair);
    }
    for (const [name, pair] of pairs) {
      if (!pair.m || !pair.v) throw new Error(`AdamW.setState: weight '${name}' has ${pair.m ? 'm' : 'v'} but not ${pair.m ? 'v' : 'm'}`);
    }
    this.disposeMoments();
    for (const [name, { m, v }] of pairs) {
      const moments = this.momentsFor(name, m!.shape);
      tf.tidy(() => {
        moments.m.assign(tf.tensor(m!.data, m!.shape, 'float32'));
        moments.v.assign(tf.tensor(v!.data, v!.shape, 'float32'));
      });
    }
    this.stepCount = state.step;
  }

  /** Frees the moment variables; the optimizer starts from scratch if used again. */
  dispose(): void {
    this.disposeMoments();
    this.stepCount = 0;
  }

  private momentsFor(name: string, shape: readonly number[]): Moments {
    let moments = this.moments.get(name);
    if (moments === undefined) {
      // Non-trainable, so they never show up in a tape's variable list; tidy frees the zeros they copy.
      moments = tf.tidy(() => ({ m: tf.variable(tf.zeros([...shape]), false), v: tf.variable(tf.zeros([...shape]), false) }));
      this.moments.set(name, moments);
    }
    return moments;
  }

  private disposeMoments(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.moments.clear();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
