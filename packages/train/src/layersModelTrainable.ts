import * as tf from '@tensorflow/tfjs';
import type { LossOptions, ModelVariable, TrainableModel } from './TrainableModel';
import { layersModelVariables } from './modelWeights';

/** A loss over a `tf.LayersModel`: run the model on the batch (passing `training`) and reduce to a scalar. */
export type LayersModelLoss<B> = (model: tf.LayersModel, batch: B, options: LossOptions) => tf.Scalar;

/** Options of `layersModelTrainable`. */
export interface LayersModelTrainableOptions {
  /**
   * The config stored in checkpoints. Default: `{ className, config }` from
   * the model's own `getClassName()`/`getConfig()` (its layer topology).
   */
  config?: object;
}

/** A `TrainableModel` over a `tf.LayersModel`; `model` is the wrapped model. */
export interface LayersModelTrainable<B> extends TrainableModel<B> {
  readonly model: tf.LayersModel;
}

/**
 * Plugs a plain `tf.LayersModel` and a loss function into the trainer.
 * Weights are named `<layer name>/<weight>`; name layers explicitly so names
 * are stable across instances (see `layersModelVariables`). Layer weight
 * constraints are not applied by the trainer's AdamW.
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ name: 'out', units: 1, inputShape: [4] })] });
 * const trainable = layersModelTrainable(model, supervisedLoss(tf.losses.meanSquaredError));
 */
export function layersModelTrainable<B>(
  model: tf.LayersModel,
  loss: LayersModelLoss<B>,
  options: LayersModelTrainableOptions = {},
): LayersModelTrainable<B> {
  return {
    model,
    variables(): ModelVariable[] {
      return layersModelVariables(model);
    },
    loss(batch: B, lossOptions: LossOptions): tf.Scalar {
      const value = loss(model, batch, lossOptions);
      if (value.rank !== 0) {
        throw new Error(`the loss function must return a scalar, got a tensor of shape [${value.shape}]; reduce it with tf.mean`);
      }
      return value;
    },
    config(): object {
      return options.config ?? { className: model.getClassName(), config: model.getConfig() };
    },
  };
}

/** Values with a shape: how a batch holds data without holding tensors. */
export interface ShapedArray {
  data: Float32Array | Int32Array;
  shape: number[];
}

/** A batch of inputs and targets for `supervisedLoss`. */
export interface SupervisedBatch {
  /** Model input. */
  xs: tf.Tensor | ShapedArray;
  /** Targets, compared with the model's output by the loss function. */
  ys: tf.Tensor | ShapedArray;
}

/**
 * A `LayersModelLoss` for input → target batches from a Keras-style loss
 * (`tf.losses.meanSquaredError`, `tf.losses.softmaxCrossEntropy`, or
 * `tf.metrics.*`): the mean of `lossFn(ys, model(xs))`.
 */
export function supervisedLoss(lossFn: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor): LayersModelLoss<SupervisedBatch> {
  return (model, batch, { training }) => {
    const predicted = model.apply(toTensor(batch.xs), { training }) as tf.Tensor;
    return tf.mean(lossFn(toTensor(batch.ys), predicted)) as tf.Scalar;
  };
}

/** A tensor from a tensor or a shaped array. */
export function toTensor(x: tf.Tensor | ShapedArray): tf.Tensor {
  if (x instanceof tf.Tensor) return x;
  const size = x.shape.reduce((a, b) => a * b, 1);
  if (x.data.length !== size) throw new Error(`expected ${size} values for shape [${x.shape}], got ${x.data.length}`);
  return tf.tensor(x.data, x.shape, x.data instanceof Int32Array ? 'int32' : 'float32');
}
