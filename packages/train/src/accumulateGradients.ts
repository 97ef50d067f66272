import * as tf from '@tensorflow/tfjs';
import { TrainableModel, disposeBatchTensors, trainableVariables } from './TrainableModel';

/** The result of `accumulateGradients`; the caller owns (and disposes) every tensor. */
export interface AccumulatedGradients {
  /** Mean of the micro-batch losses. */
  loss: tf.Scalar;
  /** Mean gradient of each trainable weight that the loss depends on, keyed by weight name. */
  grads: Map<string, tf.Tensor>;
}

/**
 * Gradients of the mean loss over `microBatches` batches, computed one batch
 * at a time so memory holds one batch's activations, as nanoGPT's
 * `gradient_accumulation_steps`. With equal-sized micro-batches (and a loss
 * that is a mean over the batch) this equals the gradient on their union.
 * Runs the model with `training: true` and disposes each batch's tensors.
 */
export function accumulateGradients<B>(model: TrainableModel<B>, nextBatch: () => B, microBatches = 1): AccumulatedGradients {
  if (!Number.isInteger(microBatches) || microBatches < 1) {
    throw new Error(`accumulateGradients: expected microBatches to be an integer >= 1, got ${microBatches}`);
  }
  const weights = trainableVariables(model);
  if (weights.length === 0) throw new Error('accumulateGradients: the model has no trainable weights');
  // variableGrads keys gradients by tf's unique variable names; map them back to stable weight names.
  const stableName = new Map(weights.map((w) => [w.variable.name, w.name]));
  const varList = weights.map((w) => w.variable);

  let lossSum: tf.Scalar | null = null;
  const sums = new Map<string, tf.Tensor>();
  try {
    for (let i = 0; i < microBatches; i++) {
      const batch = nextBatch();
      try {
        const { value, grads } = tf.variableGrads(() => model.loss(batch, { training: true }), varList);
        lossSum = addInto(lossSum, value) as tf.Scalar;
        for (const [tfName, g] of Object.entries(grads)) {
          if (g === null) continue;
          const name = stableName.get(tfName)!;
          sums.set(name, addInto(sums.get(name) ?? null, g));
        }
      } finally {
        disposeBatchTensors(batch);
      }
    }
  } catch (e) {
    tf.dispose([lossSum, ...sums.values()].filter((t): t is tf.Tensor => t !== null));
    throw e;
  }
  if (microBatches === 1) return { loss: lossSum!, grads: sums };
  const grads = new Map<string, tf.Tensor>();
  for (const [name, sum] of sums) {
    grads.set(name, tf.div(sum, microBatches));
    sum.dispose();
  }
  const loss = tf.div(lossSum!, microBatches) as tf.Scalar;
  lossSum!.dispose();
  return { loss, grads };
}

/** `sum + t`, disposing both inputs (or just `t` when there is no sum yet). */
function addInto(sum: tf.Tensor | null, t: tf.Tensor): tf.Tensor {
  if (sum === null) return t;
  const out = tf.add(sum, t);
  sum.dispose();
  t.dispose();
  return out;
}
