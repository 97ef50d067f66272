import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../globalOptions';
import { gptEvalCommand } from './gptEval';
import { gptGenerateCommand } from './gptGenerate';
import { gptTrainCommand } from './gptTrain';

/** `tfzoo gpt <train|generate|eval>`. */
export const gptCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'gpt <command>',
  describe: 'Train a GPT, generate text with it, or measure its perplexity',
  builder: (y) =>
    y
      .command(gptTrainCommand)
      .command(gptGenerateCommand)
      .command(gptEvalCommand)
      .demandCommand(1, 'Name a gpt command: train, generate or eval.'),
  handler: () => undefined,
};
