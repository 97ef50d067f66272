import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../globalOptions';
import { translateEvalCommand } from './translateEval';
import { translateText, TranslateTextOptions, translateTextOptions } from './translateText';
import { translateTrainCommand } from './translateTrain';

/**
 * `tfzoo translate train | eval`, and `tfzoo translate --model DIR "text" …` to translate
 * sentences with a saved model.
 */
export const translateCommand: CommandModule<GlobalOptions, TranslateTextOptions> = {
  command: 'translate [text..]',
  describe: 'Train a translation transformer, score it (BLEU, chrF), or translate sentences with one',
  builder: (y: Argv<GlobalOptions>) =>
    translateTextOptions(
      y
        .usage(
          '$0 translate train --data PAIRS.tsv [options]\n' +
            '$0 translate eval --model DIR --data PAIRS.tsv\n' +
            '$0 translate --model DIR "I am hungry." ["Where is the station?" …] [--beam 4] [--attention out.svg]',
        )
        .command(translateTrainCommand)
        .command(translateEvalCommand)
        .example('$0 translate --model runs/translation-transformer "I am hungry." --beam 4', 'translate one sentence with beam search')
        .example('$0 translate --model runs/translation-transformer "Where is the station?" --attention where.svg', 'also draw its cross-attention'),
    ),
  handler: (argv) => translateText(argv),
};
