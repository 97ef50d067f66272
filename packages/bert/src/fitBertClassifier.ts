import * as tf from '@tensorflow/tfjs';
import {
  Trainer,
  assignWeights,
  loadCheckpoint,
  readWeights,
  toTensor,
  type NamedTensorData,
  type StopReason,
  type TrainConfig,
} from '@tfzoo/train';
import type { BertClassifier } from './BertClassifier';
import { checkClassLabels } from './checkClassLabels';
import { classifierEvalBatches, classifierTrainBatches, type ClassifierBatch } from './classifierBatches';
import { classifierTrainable, lossFromLogits } from './classifierLoss';
import type { LabelledText } from './evaluateBertClassifier';

import type { TrainingBudgetOptions } from './trainingBudgetOptions';

/** Options of {@link fitBertClassifier}. */
export interface FitBertClassifierOptions extends TrainingBudgetOptions {
  /** Training examples (class ids as labels). */
  train: readonly LabelledText[];
  /** Held-out examples for early stopping and the best weights. Without them the last weights are kept. */
  validation?: readonly LabelledText[];
  /** What early stopping and the best weights watch. Default `'val_loss'`. */
  monitor?: 'val_loss' | 'val_accuracy';
  /** See `ClassifierTrainBatchesOptions.tokenDropout`. Default 0. */
  tokenDropout?: number;
  /** Run folder for checkpoints (`checkpoint/`, `best/`), `metrics.jsonl` and `loss.svg`. Default: none. */
  runDir?: string;
  /** Any other training settings (β2, gradient clipping, accumulation, …), applied last. */
  trainConfig?: Partial<TrainConfig>;
  /** Called after each evaluation. */
  onEval?: (record: ValidationRecord) => void | Promise<void>;
}

/** One evaluation on the validation set. */
export interface ValidationRecord {
  step: number;
  /** Epochs completed (fractional). */
  epoch: number;
  loss: number;
  accuracy: number;
  improved: boolean;
}

/** What {@link fitBertClassifier} returns. */
export interface FitBertClassifierResult {
  /** Optimizer steps run. */
  steps: number;
  /** Epochs run (fractional). */
  epochs: number;
  stopReason: StopReason;
  /** The best validation record (whose weights the classifier now holds), or null without validation. */
  best: ValidationRecord | null;
  /** Every evaluation, in order. */
  history: ValidationRecord[];
  /** Wall time of training, evaluations included. */
  seconds: number;
}

/**
 * Fine-tunes (or trains from scratch) a classifier with @tfzoo/train's Trainer: AdamW,
 * linear warmup then cosine decay, gradient clipping, length-bucketed batches, and,
 * with `validation`, an evaluation every epoch (loss and accuracy), early stopping, and
 * the best weights restored at the end. With `runDir`, checkpoints (latest and best)
 * are written and `resume: true` continues an interrupted run.
 *
 * @example
 * const result = await fitBertClassifier(clf, { train, validation, epochs: 8, learningRate: 1e-3 });
 * console.log(result.best); // { step, epoch, loss, accuracy, improved }
 */
export async function fitBertClassifier(classifier: BertClassifier, options: FitBertClassifierOptions): Promise<FitBertClassifierResult> {
  const { config } = classifier;
  if (options.train.length === 0) throw new Error('fitBertClassifier: expected training examples, got none');
  checkClassLabels(options.train.map((e) => e.label), config.numClasses, 'train');
  const validation = options.validation ?? [];
  checkClassLabels(validation.map((e) => e.label), config.numClasses, 'validation');
  const labelDtype = classifier.isBinary ? 'float32' : 'int32';
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 0;
  const monitor = options.monitor ?? 'val_loss';
  if (monitor !== 'val_loss' && monitor !== 'val_accuracy') throw new Error(`expected monitor 'val_loss' or 'val_accuracy', got ${JSON.stringify(monitor)}`);

  const train = classifierTrainBatches(
    classifier.tokenize(options.train.map((e) => e.text)),
    options.train.map((e) => e.label),
    { batchSize, maxLength: config.maxLength, seed, labelDtype, tokenDropout: options.tokenDropout },
  );
  const perEpoch = train.batchesPerEpoch;
  const maxSteps = options.maxSteps ?? Math.round((options.epochs ?? 10) * perEpoch);
  const hasValidation = validation.length > 0;
  const trainConfig: TrainConfig = {
    maxSteps,
    learningRate: options.learningRate ?? 1e-3,
    warmupSteps: options.warmupSteps ?? Math.round(0.06 * maxSteps),
    weightDecay: options.weightDecay ?? 0.01,
    evalEvery: options.evalEvery ?? perEpoch,
    patience: options.patience !== undefined ? options.patience : hasValidation ? 3 : null,
    ...options.trainConfig,
  };

  const valBatches = hasValidation
    ? classifierEvalBatches(classifier.tokenize(validation.map((e) => e.text)), validation.map((e) => e.label), { batchSize: 64, maxLength: config.maxLength, labelDtype })
    : [];
  const history: ValidationRecord[] = [];
  let best: ValidationRecord | null = null;
  let bestWeights: NamedTensorData[] | null = null;
  let pending: Omit<ValidationRecord, 'improved'> | null = null;

  const trainer = new Trainer(classifierTrainable(classifier), trainConfig);
  const started = performance.now();
  try {
    const result = await trainer.fit({
      train,
      metric: hasValidation
        ? {
            name: monitor,
            mode: monitor === 'val_loss' ? 'min' : 'max',
            compute: async ({ step }) => {
              const { loss, accuracy } = await validationScores(classifier, valBatches);
              pending = { step, epoch: step / perEpoch, loss, accuracy };
              return monitor === 'val_loss' ? loss : accuracy;
            },
          }
        : undefined,
      runDir: options.runDir,
      resume: options.resume,
      tokenizer: classifier.tokenizer,
      countTokens: (b) => b.ids.data.length,
      progress: options.progress,
      onEval: async ({ improved }) => {
        const record: ValidationRecord = { ...pending!, improved };
        history.push(record);
        if (improved) {
          best = record;
          bestWeights = await readWeights(classifier.variables());
        }
        await options.onEval?.(record);
      },
    });
    if (bestWeights !== null) {
      assignWeights(classifier.variables(), bestWeights, 'the best validation step');
    } else if (result.bestCheckpointDir !== null && history.length > 0) {
      // Resumed, and nothing beat the best step of the earlier run: its weights are on disk.
      assignWeights(classifier.variables(), (await loadCheckpoint(result.bestCheckpointDir)).weights, `'${result.bestCheckpointDir}'`);
    }
    return { steps: result.step, epochs: result.step / perEpoch, stopReason: result.stopReason, best, history, seconds: (performance.now() - started) / 1000 };
  } finally {
    trainer.dispose();
  }
}

/** Mean loss and accuracy over fixed validation batches, dropout off. */
async function validationScores(classifier: BertClassifier, batches: readonly ClassifierBatch[]): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let right = 0;
  let count = 0;
  for (const batch of batches) {
    const [loss, correct] = tf.tidy(() => {
      const logits = classifier.logits(toTensor(batch.ids) as tf.Tensor2D);
      const labels = toTensor(batch.labels);
      const predicted = classifier.isBinary ? tf.cast(tf.greaterEqual(tf.reshape(logits, [-1]), 0), 'int32') : tf.argMax(logits, 1);
      return [tf.mul(lossFromLogits(logits, labels, classifier.config.numClasses), labels.shape[0]), tf.sum(tf.cast(tf.equal(predicted, tf.cast(labels, 'int32')), 'int32'))];
    });
    lossSum += (await loss.data())[0];
    right += (await correct.data())[0];
    count += batch.labels.shape[0];
    tf.dispose([loss, correct]);
  }
  return { loss: lossSum / count, accuracy: right / count };
}
