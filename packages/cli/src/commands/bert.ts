import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../globalOptions';
import { bertEvalCommand } from './bertEval';
import { bertPredictCommand } from './bertPredict';
import { bertTrainCommand } from './bertTrain';

/** `tfzoo bert train | eval | predict`: the BERT-style text classifier of @tfzoo/bert. */
export const bertCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'bert',
  describe: 'Train, evaluate and run a BERT-style text classifier',
  builder: (y) =>
    y
      .command(bertTrainCommand)
      .command(bertEvalCommand)
      .command(bertPredictCommand)
      .demandCommand(1, 'Name a bert command: train, eval or predict')
      .epilog(
        'Examples:\n' +
          '  tfzoo bert train --data reviews.tsv --out models/reviews --epochs 8\n' +
          '  tfzoo bert eval --model models/reviews --data test.tsv\n' +
          '  tfzoo bert predict --model models/reviews "a gripping, beautifully shot film"',
      ),
  handler: () => undefined,
};
