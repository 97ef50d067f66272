import type { CommandModule } from 'yargs';
import {
  BertClassifier,
  BERT_PRESETS,
  evaluateBertClassifier,
  fitBertClassifier,
  formatClassificationReport,
  pretrainMaskedLM,
  trainClassifierTokenizer,
  type BertPresetName,
} from '@tfzoo/bert';
import { initBackend } from '@tfzoo/core';
import { readTextLines, trainValSplit } from '@tfzoo/data';
import type { GlobalOptions } from '../globalOptions';
import { classLabels, readLabelledFile } from './bertData';

interface BertTrainOptions extends GlobalOptions {
  data: string;
  validation: string | undefined;
  'val-fraction': number;
  'text-column': string;
  'label-column': string;
  labels: string | undefined;
  'num-classes': number | undefined;
  out: string;
  'run-dir': string | undefined;
  tokenizer: 'word' | 'bpe';
  'vocab-size': number;
  'min-frequency': number;
  preset: BertPresetName;
  hidden: number | undefined;
  layers: number | undefined;
  heads: number | undefined;
  ff: number | undefined;
  dropout: number | undefined;
  'max-length': number | undefined;
  epochs: number;
  'batch-size': number;
  lr: number;
  'weight-decay': number;
  'token-dropout': number;
  patience: number;
  monitor: 'val_loss' | 'val_accuracy';
  'pretrain-epochs': number;
  'pretrain-lr': number;
  unlabelled: string[] | undefined;
  seed: number;
}

/** `tfzoo bert train --data FILE --out DIR`: tokenizer, optional MLM pre-training, fine-tuning, validation report, saved model. */
export const bertTrainCommand: CommandModule<GlobalOptions, BertTrainOptions> = {
  command: 'train',
  describe: 'Train a classifier on a labelled TSV, CSV or JSONL file and save it',
  builder: (y) =>
    y
      .option('data', { type: 'string', demandOption: true, describe: 'Labelled training file (TSV/CSV with a header row, or JSONL)' })
      .option('validation', { type: 'string', describe: 'Labelled validation file (default: --val-fraction of --data)' })
      .option('val-fraction', { type: 'number', default: 0.1, describe: 'Share of --data held out for validation when no --validation file is given' })
      .option('text-column', { type: 'string', default: 'text', describe: 'Name (or 0-based index) of the text column' })
      .option('label-column', { type: 'string', default: 'label', describe: 'Name (or 0-based index) of the label column' })
      .option('labels', { type: 'string', describe: 'Comma-separated class names in id order (e.g. neg,pos); default: numeric labels 0/1' })
      .option('num-classes', { type: 'number', describe: 'Number of numeric classes 0 … N−1 (default 2)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Folder to save the classifier in' })
      .option('run-dir', { type: 'string', describe: 'Folder for training checkpoints, metrics.jsonl and loss.svg' })
      .option('tokenizer', { choices: ['word', 'bpe'] as const, default: 'word' as const, describe: 'Lower-cased words, or byte-level BPE' })
      .option('vocab-size', { type: 'number', default: 8000, describe: 'Vocabulary cap (word) or size (bpe, >= 263)' })
      .option('min-frequency', { type: 'number', default: 2, describe: 'Rarest word or pair kept' })
      .option('preset', { choices: Object.keys(BERT_PRESETS) as BertPresetName[], default: 'bert-tiny' as BertPresetName, describe: 'Model size' })
      .option('hidden', { type: 'number', describe: 'hiddenSize (default: the preset\'s)' })
      .option('layers', { type: 'number', describe: 'numLayers' })
      .option('heads', { type: 'number', describe: 'numHeads' })
      .option('ff', { type: 'number', describe: 'intermediateSize' })
      .option('dropout', { type: 'number', describe: 'Encoder dropout' })
      .option('max-length', { type: 'number', describe: 'Longest input in tokens (longer texts are cut)' })
      .option('epochs', { type: 'number', default: 10, describe: 'Fine-tuning epochs (early stopping may end sooner)' })
      .option('batch-size', { type: 'number', default: 32 })
      .option('lr', { type: 'number', default: 1e-3, describe: 'Peak learning rate' })
      .option('weight-decay', { type: 'number', default: 0.05 })
      .option('token-dropout', { type: 'number', default: 0.1, describe: 'Probability of replacing a token by <unk> while training' })
      .option('patience', { type: 'number', default: 3, describe: 'Epochs without improvement before stopping' })
      .option('monitor', { choices: ['val_loss', 'val_accuracy'] as const, default: 'val_loss' as const, describe: 'What early stopping and the best weights watch' })
      .option('pretrain-epochs', { type: 'number', default: 0, describe: 'Epochs of masked-language-model pre-training first (0: none)' })
      .option('pretrain-lr', { type: 'number', default: 2e-3 })
      .option('unlabelled', { type: 'array', string: true, describe: 'Plain-text files (one text per line) added to the training texts for pre-training' })
      .option('seed', { type: 'number', default: 0 }) as never,
  handler: async (argv) => {
    const classes = classLabels(argv.labels, argv['num-classes']);
    const columns = { textColumn: argv['text-column'], labelColumn: argv['label-column'] };
    const labelled = readLabelledFile(argv.data, classes.names, columns);
    const split = argv.validation
      ? { train: labelled, val: readLabelledFile(argv.validation, classes.names, columns) }
      : trainValSplit(labelled, { valFraction: argv['val-fraction'], seed: argv.seed });
    if (split.train.length === 0) throw new Error(`${argv.data}: no examples left to train on after holding out --val-fraction ${argv['val-fraction']}`);
    const unlabelled = (argv.unlabelled ?? []).flatMap((f) => readTextLines(f));
    const tokenizerTexts = [...split.train.map((e) => e.text), ...unlabelled];

    await initBackend(argv.backend, { threads: argv.threads });
    const tokenizer = trainClassifierTokenizer(tokenizerTexts, { kind: argv.tokenizer, vocabSize: argv['vocab-size'], minFrequency: argv['min-frequency'] });
    const classifier = BertClassifier.create(tokenizer, {
      preset: argv.preset,
      hiddenSize: argv.hidden,
      numLayers: argv.layers,
      numHeads: argv.heads,
      intermediateSize: argv.ff,
      dropout: argv.dropout,
      maxLength: argv['max-length'],
      numClasses: classes.names.length,
      classNames: classes.declared ? classes.names : null,
      seed: argv.seed,
    });
    try {
      console.error(
        `${split.train.length} training and ${split.val.length} validation examples, ${classes.names.length} classes; ` +
          `${tokenizer.kind} vocabulary ${tokenizer.vocabSize}; ${classifier.countParams().toLocaleString('en')} parameters`,
      );
      if (argv['pretrain-epochs'] > 0) {
        const pre = await pretrainMaskedLM(classifier, tokenizerTexts, { epochs: argv['pretrain-epochs'], learningRate: argv['pretrain-lr'], batchSize: argv['batch-size'], seed: argv.seed });
        console.error(`pre-training: ${pre.epochs.toFixed(1)} epochs in ${pre.seconds.toFixed(0)} s; held-out masked-token accuracy ${pre.best?.accuracy.toFixed(4) ?? 'n/a'}`);
      }
      const result = await fitBertClassifier(classifier, {
        train: split.train,
        validation: split.val,
        epochs: argv.epochs,
        batchSize: argv['batch-size'],
        learningRate: argv.lr,
        weightDecay: argv['weight-decay'],
        tokenDropout: argv['token-dropout'],
        patience: argv.patience,
        monitor: argv.monitor,
        seed: argv.seed,
        runDir: argv['run-dir'],
      });
      console.error(`trained ${result.epochs.toFixed(1)} epochs in ${result.seconds.toFixed(0)} s (${result.stopReason}); best at epoch ${result.best?.epoch.toFixed(1) ?? 'n/a'}`);
      if (split.val.length > 0) {
        console.log(`validation (${split.val.length} examples):\n${formatClassificationReport(await evaluateBertClassifier(classifier, split.val), classes.names)}`);
      }
      await classifier.save(argv.out);
      console.log(`saved to ${argv.out}`);
    } finally {
      classifier.dispose();
    }
  },
};
