import type { CommandModule } from 'yargs';
import { evaluateBertClassifier, formatClassificationReport, loadBertClassifier } from '@tfzoo/bert';
import { initBackend } from '@tfzoo/core';
import type { GlobalOptions } from '../globalOptions';
import { classLabels, readLabelledFile } from './bertData';

interface BertEvalOptions extends GlobalOptions {
  model: string;
  data: string;
  'text-column': string;
  'label-column': string;
  threshold: number | undefined;
  json: boolean;
}

/** `tfzoo bert eval --model DIR --data FILE`: accuracy, precision, recall, F1, ROC-AUC, confusion matrix. */
export const bertEvalCommand: CommandModule<GlobalOptions, BertEvalOptions> = {
  command: 'eval',
  describe: 'Evaluate a trained classifier on a labelled file',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'Folder written by `tfzoo bert train`' })
      .option('data', { type: 'string', demandOption: true, describe: 'Labelled TSV, CSV or JSONL file' })
      .option('text-column', { type: 'string', default: 'text', describe: 'Name (or 0-based index) of the text column' })
      .option('label-column', { type: 'string', default: 'label', describe: 'Name (or 0-based index) of the label column' })
      .option('threshold', { type: 'number', describe: 'Decision threshold on P(label 1), binary classifiers only (default 0.5)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' }) as never,
  handler: async (argv) => {
    await initBackend(argv.backend, { log: null, threads: argv.threads });
    const classifier = await loadBertClassifier(argv.model);
    try {
      const { config } = classifier;
      // Labels are read as the classifier's class names, or as the numbers 0 … numClasses−1.
      const names = config.classNames ?? classLabels(undefined, config.numClasses).names;
      const examples = readLabelledFile(argv.data, names, { textColumn: argv['text-column'], labelColumn: argv['label-column'] });
      const report = await evaluateBertClassifier(classifier, examples, { threshold: argv.threshold });
      console.log(argv.json ? JSON.stringify(report) : formatClassificationReport(report, names));
    } finally {
      classifier.dispose();
    }
  },
};
