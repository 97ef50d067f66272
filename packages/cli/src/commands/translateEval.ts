import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { initBackend, writeFileAtomic } from '@tfzoo/core';
import { groupReferences } from '@tfzoo/data';
import { evaluateTranslations, formatBleu, formatChrf, loadTranslator } from '@tfzoo/seq2seq';
import type { GlobalOptions } from '../globalOptions';
import { readPairs } from './translateTrain';

interface TranslateEvalOptions extends GlobalOptions {
  model: string;
  data: string;
  'source-column': number;
  'target-column': number;
  beam: number[];
  'length-penalty': number;
  limit?: number;
  output?: string;
}

/** `tfzoo translate eval`: corpus BLEU and chrF of a saved translator on a pairs file. */
export const translateEvalCommand: CommandModule<GlobalOptions, TranslateEvalOptions> = {
  command: 'eval',
  describe: 'Score a saved translator on a file of sentence pairs (corpus BLEU, chrF)',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 translate eval --model DIR --data PAIRS.tsv [--beam 1 4]\n\n' +
          'Rows sharing a source sentence are its references (multi-reference BLEU). BLEU is sacrebleu’s default ' +
          '(13a tokens, exp smoothing); chrF is chrF2.',
      )
      .option('model', { type: 'string', demandOption: true, describe: 'Translator folder' })
      .option('data', { type: 'string', demandOption: true, describe: 'Test pairs, source<TAB>target per line' })
      .option('source-column', { type: 'number', default: 0 })
      .option('target-column', { type: 'number', default: 1 })
      .option('beam', { type: 'number', array: true, default: [1, 4], describe: 'Beam widths to score (1 = greedy)' })
      .option('length-penalty', { type: 'number', default: 0.6 })
      .option('limit', { type: 'number', describe: 'Score only the first N sources' })
      .option('output', { type: 'string', describe: 'Write the translations (of the last beam width) to this file' }),
  handler: async (argv) => {
    await initBackend(argv.backend, { threads: argv.threads });
    const set = groupReferences(readPairs(argv.data, argv['source-column'], argv['target-column']));
    if (argv.limit !== undefined) {
      set.sources = set.sources.slice(0, argv.limit);
      set.references = set.references.slice(0, argv.limit);
    }
    const translator = await loadTranslator(argv.model);
    try {
      let last: string[] = [];
      for (const beam of argv.beam) {
        const result = evaluateTranslations((texts) => translator.translate(texts, { beamWidth: beam, lengthPenalty: argv['length-penalty'], longInputs: 'truncate' }), set);
        console.log(`${path.basename(argv.data)} (${set.sources.length} sources), ${beam === 1 ? 'greedy' : `beam ${beam}`}: ${formatBleu(result.bleu)}; ${formatChrf(result.chrf)}; ${result.seconds.toFixed(1)} s`);
        last = result.hypotheses;
      }
      if (argv.output !== undefined) {
        await writeFileAtomic(argv.output, last.join('\n') + '\n');
        console.log(`wrote ${last.length} translations to ${argv.output}`);
      }
    } finally {
      translator.dispose();
    }
  },
};
