import * as tf from '@tensorflow/tfjs';
import {
  BertClassifier,
  evaluateBertClassifier,
  fitBertClassifier,
  pretrainMaskedLM,
  type BertClassifierOptions,
  type ClassificationReport,
  type LabelledText,
} from '@tfzoo/bert';
import type { Tokenizer } from '@tfzoo/tokenizers';

/** Everything one run needs: data, tokenizer, model and training settings. */
export interface RunSettings {
  /** Shown in logs and the results table. */
  name: string;
  tokenizer: Tokenizer;
  train: LabelledText[];
  validation: LabelledText[];
  test: LabelledText[];
  /** Unlabelled texts for MLM pre-training; null to train from scratch. */
  pretrainTexts: string[] | null;
  model: Omit<BertClassifierOptions, 'vocabSize'>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  tokenDropout: number;
  patience: number;
  monitor: 'val_loss' | 'val_accuracy';
  mlmEpochs: number;
  mlmLearningRate: number;
  seed: number;
  /** Where to save the classifier (null: not saved). */
  saveTo: string | null;
}

/** What one run measured. */
export interface RunResult {
  name: string;
  pretrained: boolean;
  parameters: number;
  mlm: { epochs: number; seconds: number; loss: number | null; accuracy: number | null } | null;
  fit: { epochs: number; bestEpoch: number | null; seconds: number; validationAccuracy: number | null };
  test: ClassificationReport;
}

/** Builds a classifier, optionally pre-trains it with MLM, fine-tunes it and evaluates it on the test set. */
export async function runSentiment(s: RunSettings): Promise<RunResult> {
  const log = (line: string) => console.error(`[${s.name}] ${line}`);
  const classifier = BertClassifier.create(s.tokenizer, { ...s.model, seed: s.seed });
  log(`${classifier.countParams().toLocaleString('en')} parameters, vocabulary ${s.tokenizer.vocabSize}, ${s.train.length} train / ${s.validation.length} validation / ${s.test.length} test`);
  try {
    let mlm: RunResult['mlm'] = null;
    if (s.pretrainTexts !== null) {
      log(`MLM pre-training on ${s.pretrainTexts.length} unlabelled texts`);
      const pre = await pretrainMaskedLM(classifier, s.pretrainTexts, {
        epochs: s.mlmEpochs,
        learningRate: s.mlmLearningRate,
        batchSize: s.batchSize,
        seed: s.seed,
        progress: { every: 100 },
      });
      mlm = { epochs: pre.epochs, seconds: pre.seconds, loss: pre.best?.loss ?? null, accuracy: pre.best?.accuracy ?? null };
      log(`MLM: ${pre.epochs.toFixed(1)} epochs in ${pre.seconds.toFixed(0)} s, held-out masked-token loss ${mlm.loss?.toFixed(3)}, accuracy ${mlm.accuracy?.toFixed(3)}`);
    }
    const fit = await fitBertClassifier(classifier, {
      train: s.train,
      validation: s.validation,
      epochs: s.epochs,
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      weightDecay: s.weightDecay,
      tokenDropout: s.tokenDropout,
      patience: s.patience,
      monitor: s.monitor,
      seed: s.seed,
      progress: { every: 100 },
      onEval: (r) => log(`epoch ${r.epoch.toFixed(1)}: validation loss ${r.loss.toFixed(4)}, accuracy ${r.accuracy.toFixed(4)}${r.improved ? ' (best)' : ''}`),
    });
    const test = await evaluateBertClassifier(classifier, s.test);
    if (s.saveTo !== null) {
      await classifier.save(s.saveTo);
      log(`saved to ${s.saveTo}`);
    }
    return {
      name: s.name,
      pretrained: s.pretrainTexts !== null,
      parameters: classifier.countParams(),
      mlm,
      fit: { epochs: fit.epochs, bestEpoch: fit.best?.epoch ?? null, seconds: fit.seconds, validationAccuracy: fit.best?.accuracy ?? null },
      test,
    };
  } finally {
    classifier.dispose();
    log(`tensors left: ${tf.memory().numTensors}`);
  }
}

/** The results as a Markdown table. */
export function resultsTable(results: readonly RunResult[]): string {
  const rows = results.map((r) => {
    const mlm = r.mlm ? `${r.mlm.epochs.toFixed(0)} ep, ${r.mlm.seconds.toFixed(0)} s` : '—';
    return `| ${r.name} | ${mlm} | ${r.fit.epochs.toFixed(0)} (best ${r.fit.bestEpoch?.toFixed(0) ?? '—'}), ${r.fit.seconds.toFixed(0)} s | ${fmt(r.fit.validationAccuracy)} | ${fmt(r.test.accuracy)} | ${fmt(r.test.f1)} | ${fmt(r.test.rocAuc)} |`;
  });
  return ['| run | MLM pre-training | fine-tuning epochs, time | val acc | test acc | test F1 | test ROC-AUC |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

function fmt(v: number | null): string {
  return v === null ? '—' : v.toFixed(4);
}
