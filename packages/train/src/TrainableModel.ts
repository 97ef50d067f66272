import * as tf from '@tensorflow/tfjs';

/** Arguments of `TrainableModel.loss`. */
export interface LossOptions {
  /** True while training (dropout on), false in evaluation (dropout off). */
  training: boolean;
}

/** One model weight under the name it is saved by. */
export interface ModelVariable {
  /**
   * Stable name, the same in every instance of the same architecture
   * (e.g. `block_0/attention/query/kernel`): checkpoints match weights by it.
   */
  name: string;
  /** The variable itself; the optimizer assigns to it in place. */
  variable: tf.Variable;
  /** Whether the optimizer updates it; non-trainable weights are still checkpointed. */
  trainable: boolean;
}

/**
 * What the trainer needs from a model: its weights and a scalar loss on a batch.
 * A `tf.LayersModel` plugs in through `layersModelTrainable`.
 *
 * `B` is the batch type: any plain object (typed arrays or tensors) that `loss`
 * turns into tensors.
 */
export interface TrainableModel<B> {
  /**
   * Every weight of the model, trainable or not, in a fixed order. Called once
   * per step, so freezing a layer between steps takes effect.
   */
  variables(): ModelVariable[];
  /**
   * The mean loss on one batch. Called inside `tf.tidy` and gradient tapes, so
   * intermediate tensors need no disposal; any tensors the batch holds are
   * disposed by the trainer after the step.
   */
  loss(batch: B, options: LossOptions): tf.Scalar;
  /** A JSON-serialisable description of the architecture, stored in checkpoints. */
  config(): object;
}

/**
 * Where batches come from. Training sources are infinite (random sampling);
 * evaluation reads `evalBatches` batches from its source per evaluation.
 *
 * `getState`/`setState` are optional: when present the source's position is
 * saved in checkpoints, so a resumed run sees the batches it would have seen.
 */
export interface BatchSource<B> {
  /** The next batch. Tensors in it become the trainer's to dispose. */
  next(): B;
  /** A JSON-serialisable snapshot of the source's position (e.g. its RNG state). */
  getState?(): unknown;
  /** Restores a snapshot taken by `getState`. */
  setState?(state: unknown): void;
}

/** The trainable subset of a model's variables. */
export function trainableVariables<B>(model: TrainableModel<B>): ModelVariable[] {
  return model.variables().filter((v) => v.trainable);
}

/**
 * A batch source that cycles through a fixed list, e.g. a held-out validation
 * set: with `evalBatches` equal to its length every evaluation sees the same data.
 * Its state is the position, so it resumes where it stopped.
 */
export function cycleBatches<B>(batches: readonly B[]): BatchSource<B> {
  if (batches.length === 0) throw new Error('cycleBatches: expected at least one batch, got an empty list');
  batches.forEach((b, i) => {
    const where = findTensor(b);
    if (where !== null) {
      // The trainer disposes batch tensors after each use; a cycled tensor would be dead on its second visit.
      throw new Error(`cycleBatches: batch ${i} holds a tensor at '${where}'; cycled batches must hold typed arrays or numbers`);
    }
  });
  let position = 0;
  return {
    next() {
      const b = batches[position];
      position = (position + 1) % batches.length;
      return b;
    },
    getState: () => position,
    setState(state: unknown) {
      if (typeof state !== 'number' || !Number.isInteger(state) || state < 0 || state >= batches.length) {
        throw new Error(`cycleBatches: expected a position in [0, ${batches.length}), got ${JSON.stringify(state)}`);
      }
      position = state;
    },
  };
}

/** Disposes every tensor inside a batch (plain objects and arrays are walked; typed arrays are skipped). */
export function disposeBatchTensors(batch: unknown): void {
  walkTensors(batch, '', (t) => t.dispose());
}

/** The path of the first tensor inside a batch, or null. */
function findTensor(batch: unknown): string | null {
  let found: string | null = null;
  walkTensors(batch, '', (_t, path) => {
    if (found === null) found = path || '(the batch itself)';
  });
  return found;
}

function walkTensors(value: unknown, path: string, visit: (t: tf.Tensor, path: string) => void): void {
  if (value instanceof tf.Tensor) {
    visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkTensors(v, `${path}[${i}]`, visit));
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    // Only plain containers: walking a typed array's indices would be slow and pointless.
    for (const [k, v] of Object.entries(value)) walkTensors(v, path ? `${path}.${k}` : k, visit);
  }
}
