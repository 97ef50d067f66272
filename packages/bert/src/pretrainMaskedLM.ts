import * as tf from '@tensorflow/tfjs';
import { trainValSplit } from '@tfzoo/data';
import {
  Trainer,
  assignWeights,
  layersModelVariables,
  readWeights,
  toTensor,
  type NamedTensorData,
  type StopReason,
  type TrainConfig,
  type TrainableModel,
} from '@tfzoo/train';
import type { BertClassifier } from './BertClassifier';
import { BERT_MLM_FORMAT, bertConfigRecord } from './bertClassifierFiles';
import { maskedLMEvalBatches, maskedLMTrainBatches, type MaskedLMBatch } from './maskedLMBatches';
import { MaskedLMHead } from './MaskedLMHead';
import { MlmMasker, type MlmMaskerOptions } from './MlmMasker';

import type { TrainingBudgetOptions } from './trainingBudgetOptions';

/** Options of {@link pretrainMaskedLM}. */
export interface PretrainMaskedLMOptions extends TrainingBudgetOptions {
  /** Share of the texts held out to measure the MLM loss (early stopping, best weights). Default 0.05; 0 for none. */
  validationFraction?: number;
  /** Masking rates (15 % chosen; 80 % `<mask>`, 10 % random, 10 % unchanged by default). */
  masking?: Omit<MlmMaskerOptions, 'vocabSize'>;
  /** Run folder for checkpoints (encoder and MLM head), metrics and loss curve; `loadEncoderWeights(clf, runDir + '/best')` reads them. */
  runDir?: string;
  /** Any other training settings, applied last. */
  trainConfig?: Partial<TrainConfig>;
}

/** One MLM evaluation on the held-out texts. */
export interface MaskedLMRecord {
  step: number;
  epoch: number;
  /** Mean cross-entropy over the chosen positions. */
  loss: number;
  /** Share of chosen positions whose original token is the most probable prediction. */
  accuracy: number;
  improved: boolean;
}

/** What {@link pretrainMaskedLM} returns. */
export interface PretrainMaskedLMResult {
  steps: number;
  epochs: number;
  stopReason: StopReason;
  /** The best held-out record (whose encoder weights the classifier now holds), or null without validation. */
  best: MaskedLMRecord | null;
  history: MaskedLMRecord[];
  seconds: number;
}

/**
 * Masked-language-model pre-training of a classifier's encoder on unlabelled texts, as
 * BERT (Devlin et al. 2019, §3.1): 15 % of the ordinary tokens are chosen, of those 80 %
 * become `<mask>`, 10 % a random token and 10 % stay, and the encoder learns to predict
 * the original tokens at the chosen positions (through a {@link MaskedLMHead} tied to
 * the token embeddings). The head is built on the classifier's own layers, so afterwards
 * the classifier starts from the pre-trained encoder; the head is then freed.
 *
 * @example
 * const clf = BertClassifier.create(tokenizer, { seed: 0 });
 * await pretrainMaskedLM(clf, unlabelledTexts, { epochs: 20 });
 * await fitBertClassifier(clf, { train, validation });
 */
export async function pretrainMaskedLM(classifier: BertClassifier, texts: readonly string[], options: PretrainMaskedLMOptions = {}): Promise<PretrainMaskedLMResult> {
  if (texts.length === 0) throw new Error('pretrainMaskedLM: expected unlabelled texts, got none');
  const { config } = classifier;
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 32;
  const validationFraction = options.validationFraction ?? 0.05;
  const split = trainValSplit(texts, { valFraction: validationFraction, seed });
  if (split.train.length === 0) throw new Error(`pretrainMaskedLM: validationFraction ${validationFraction} leaves no texts to train on`);
  const masker = new MlmMasker({ vocabSize: config.vocabSize, ...options.masking });
  const batchOptions = { batchSize, maxLength: config.maxLength, seed };
  const train = maskedLMTrainBatches(classifier.tokenize(split.train), masker, batchOptions);
  const valBatches = split.val.length > 0 ? maskedLMEvalBatches(classifier.tokenize(split.val), masker, { ...batchOptions, batchSize: 64 }) : [];
  const hasValidation = valBatches.length > 0;
  const perEpoch = train.batchesPerEpoch;
  const maxSteps = options.maxSteps ?? Math.round((options.epochs ?? 10) * perEpoch);
  const trainConfig: TrainConfig = {
    maxSteps,
    learningRate: options.learningRate ?? 1e-3,
    warmupSteps: options.warmupSteps ?? Math.round(0.06 * maxSteps),
    weightDecay: options.weightDecay ?? 0.01,
    evalEvery: options.evalEvery ?? perEpoch,
    patience: options.patience !== undefined ? options.patience : hasValidation ? 3 : null,
    ...options.trainConfig,
  };

  // The head reads the classifier's encoder (shared layers), so training it trains the classifier.
  const head = new MaskedLMHead({ name: 'mlm_head', embedding: classifier.graph.embedding });
  tf.tidy(() => void head.apply([tf.zeros([1, 1, config.hiddenSize]), tf.zeros([1], 'int32')])); // build its weights
  const mlm: MaskedLM = { encoder: classifier.encoder, head };
  const trainable: TrainableModel<MaskedLMBatch> = {
    variables: () => [
      ...layersModelVariables(classifier.encoder),
      ...head.weights.map((w) => ({ name: w.originalName, variable: w.read() as tf.Variable, trainable: w.trainable })),
    ],
    loss: (batch, { training }) => tf.tidy(() => maskedLMLoss(mlm, batch, training).loss),
    config: () => ({ ...bertConfigRecord(config), format: BERT_MLM_FORMAT }),
  };

  const history: MaskedLMRecord[] = [];
  let best: MaskedLMRecord | null = null;
  let bestWeights: NamedTensorData[] | null = null;
  let pending: Omit<MaskedLMRecord, 'improved'> | null = null;
  const started = performance.now();
  let trainer: Trainer<MaskedLMBatch> | null = null;
  try {
    trainer = new Trainer(trainable, trainConfig);
    const result = await trainer.fit({
      train,
      metric: hasValidation
        ? {
            name: 'val_mlm_loss',
            mode: 'min',
            compute: async ({ step }) => {
              pending = { step, epoch: step / perEpoch, ...(await maskedLMScores(mlm, valBatches)) };
              return pending.loss;
            },
          }
        : undefined,
      runDir: options.runDir,
      resume: options.resume,
      tokenizer: classifier.tokenizer,
      countTokens: (b) => b.ids.data.length,
      progress: options.progress,
      onEval: async ({ improved }) => {
        const record = { ...pending!, improved };
        history.push(record);
        if (improved) {
          best = record;
          bestWeights = await readWeights(trainable.variables());
        }
      },
    });
    if (bestWeights !== null) assignWeights(trainable.variables(), bestWeights, 'the best MLM validation step');
    return { steps: result.step, epochs: result.step / perEpoch, stopReason: result.stopReason, best, history, seconds: (performance.now() - started) / 1000 };
  } finally {
    trainer?.dispose();
    // Only the head: the rest of the MLM model is the classifier's encoder.
    head.dispose();
  }
}

/** The encoder and the head that pre-training runs. */
interface MaskedLM {
  /** ids (B, T) → hidden states (B, T, d). */
  encoder: tf.LayersModel;
  head: MaskedLMHead;
}

/** Mean cross-entropy over the chosen positions, and the number of correct predictions there. */
function maskedLMLoss(mlm: MaskedLM, batch: MaskedLMBatch, training: boolean): { loss: tf.Scalar; correct: tf.Scalar } {
  const hidden = mlm.encoder.apply(toTensor(batch.ids), { training }) as tf.Tensor3D; // (B, T, d)
  const flat = mlm.head.apply([hidden, toTensor(batch.positions)], { training }) as tf.Tensor2D; // (N, V)
  const V = flat.shape[1];
  const targets = toTensor(batch.targets) as tf.Tensor1D;
  const weights = toTensor(batch.weights);
  const perPosition = tf.losses.softmaxCrossEntropy(tf.oneHot(targets, V), flat, undefined, 0, tf.Reduction.NONE); // (N,)
  // The mean over real predictions (unused slots weigh 0); a batch without any gives 0, not 0/0.
  const loss = tf.div(tf.sum(tf.mul(perPosition, weights)), tf.maximum(tf.sum(weights), 1)) as tf.Scalar;
  const correct = tf.sum(tf.mul(tf.cast(tf.equal(tf.argMax(flat, 1), targets), 'float32'), weights)) as tf.Scalar;
  return { loss, correct };
}

async function maskedLMScores(mlm: MaskedLM, batches: readonly MaskedLMBatch[]): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let right = 0;
  let count = 0;
  for (const batch of batches) {
    const predictions = Array.from(batch.weights.data).reduce((a, b) => a + b, 0);
    if (predictions === 0) continue;
    const { loss, correct } = tf.tidy(() => maskedLMLoss(mlm, batch, false));
    lossSum += (await loss.data())[0] * predictions;
    right += (await correct.data())[0];
    count += predictions;
    tf.dispose([loss, correct]);
  }
  return { loss: count === 0 ? NaN : lossSum / count, accuracy: count === 0 ? NaN : right / count };
}
