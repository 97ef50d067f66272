import * as tf from '@tensorflow/tfjs';
import { toTensor, type TrainableModel } from '@tfzoo/train';
import type { BertClassifier } from './BertClassifier';
import { bertConfigRecord } from './bertClassifierFiles';
import type { ClassifierBatch } from './classifierBatches';

/**
 * The mean classification loss of a batch: binary cross-entropy on the sigmoid logit
 * for two classes, softmax cross-entropy otherwise. Both are computed from logits,
 * which stays finite where log(sigmoid) would underflow.
 */
export function classifierLoss(classifier: BertClassifier, batch: ClassifierBatch, training: boolean): tf.Scalar {
  return tf.tidy(() => {
    const logits = classifier.logits(toTensor(batch.ids) as tf.Tensor2D, { training }); // (B, 1) or (B, C)
    return lossFromLogits(logits, toTensor(batch.labels), classifier.config.numClasses);
  });
}

/** The mean loss of logits (B, 1) or (B, C) against labels (B,): 0/1 targets or class ids. */
export function lossFromLogits(logits: tf.Tensor2D, labels: tf.Tensor, numClasses: number): tf.Scalar {
  return tf.tidy(() => {
    if (numClasses === 2) return tf.losses.sigmoidCrossEntropy(tf.reshape(tf.cast(labels, 'float32'), logits.shape), logits) as tf.Scalar;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(labels, 'int32'), numClasses), logits) as tf.Scalar;
  });
}

/** The classifier as a @tfzoo/train `TrainableModel`; its checkpoints load with `loadBertClassifier`. */
export function classifierTrainable(classifier: BertClassifier): TrainableModel<ClassifierBatch> {
  return {
    variables: () => classifier.variables(),
    loss: (batch, { training }) => classifierLoss(classifier, batch, training),
    config: () => bertConfigRecord(classifier.config),
  };
}
