import type { CommandModule } from 'yargs';
import { loadBertClassifier } from '@tfzoo/bert';
import { initBackend } from '@tfzoo/core';
import { readTextLines } from '@tfzoo/data';
import type { GlobalOptions } from '../globalOptions';

interface BertPredictOptions extends GlobalOptions {
  model: string;
  texts: string[] | undefined;
  file: string | undefined;
  threshold: number | undefined;
  json: boolean;
}

/** `tfzoo bert predict --model DIR "text" …`: class probabilities and labels. */
export const bertPredictCommand: CommandModule<GlobalOptions, BertPredictOptions> = {
  command: 'predict [texts..]',
  describe: 'Classify texts with a trained classifier',
  builder: (y) =>
    y
      .positional('texts', { type: 'string', array: true, describe: 'Texts to classify' })
      .option('model', { type: 'string', demandOption: true, describe: 'Folder written by `tfzoo bert train` (or a run\'s best/ checkpoint)' })
      .option('file', { type: 'string', describe: 'Also classify every non-empty line of this file' })
      .option('threshold', { type: 'number', describe: 'Decision threshold on P(label 1), binary classifiers only (default 0.5)' })
      .option('json', { type: 'boolean', default: false, describe: 'One JSON object per text' }) as never,
  handler: async (argv) => {
    const texts = [...(argv.texts ?? []), ...(argv.file ? readTextLines(argv.file) : [])];
    if (texts.length === 0) throw new Error('nothing to classify: give texts as arguments or --file');
    await initBackend(argv.backend, { log: null, threads: argv.threads });
    const classifier = await loadBertClassifier(argv.model);
    try {
      const names = classifier.config.classNames ?? Array.from({ length: classifier.config.numClasses }, (_, i) => String(i));
      const probabilities = await classifier.predictProbabilities(texts);
      const labels = classifier.isBinary
        ? probabilities.map((p) => (p[1] >= (argv.threshold ?? 0.5) ? 1 : 0))
        : await classifier.classify(texts, argv.threshold);
      texts.forEach((text, i) => {
        if (argv.json) {
          const byClass = Object.fromEntries(names.map((n, k) => [n, probabilities[i][k]]));
          console.log(JSON.stringify({ text, label: names[labels[i]], probabilities: byClass }));
        } else {
          const p = classifier.isBinary ? `P(${names[1]}) ${probabilities[i][1].toFixed(4)}` : `P ${probabilities[i][labels[i]].toFixed(4)}`;
          console.log(`${names[labels[i]]}\t${p}\t${text}`);
        }
      });
    } finally {
      classifier.dispose();
    }
  },
};
