import type { Argv, CommandModule } from 'yargs';
import { initBackend } from '@tfzoo/core';
import { readTextCorpus } from '@tfzoo/data';
import { loadGPT } from '@tfzoo/gpt';
import type { GlobalOptions } from '../globalOptions';

interface GptEvalOptions extends GlobalOptions {
  model: string;
  data: string;
  last?: number;
  stride?: number;
  json: boolean;
}

/** `tfzoo gpt eval`: loss and perplexity of a saved GPT on a text file. */
export const gptEvalCommand: CommandModule<GlobalOptions, GptEvalOptions> = {
  command: 'eval',
  describe: 'Measure a saved GPT’s loss and perplexity on a text file',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 gpt eval --model DIR --data FILE [--last FRACTION] [--stride N]\n\n' +
          'Scores every token of the file after the first, from up to blockSize tokens of context, and prints the ' +
          'mean cross-entropy (nats per token) and perplexity.',
      )
      .example('$0 gpt eval --model runs/gpt-shakespeare-nanogpt-cpu --data ../shared/data/lm/tinyshakespeare.txt --last 0.1', 'the validation split')
      .option('model', { type: 'string', demandOption: true, describe: 'Model folder' })
      .option('data', { type: 'string', demandOption: true, describe: 'Text file to score' })
      .option('last', { type: 'number', describe: 'Score only the last fraction of the tokens (0.1 = the validation split of `gpt train`)' })
      .option('stride', { type: 'number', describe: 'Window step (default blockSize: non-overlapping windows; smaller = more context, slower)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }),
  handler: async (argv) => {
    await initBackend(argv.backend, { log: argv.json ? null : undefined, threads: argv.threads });
    const gpt = await loadGPT(argv.model);
    try {
      const text = readTextCorpus(argv.data);
      let ids = gpt.encode(text, argv.data);
      if (argv.last !== undefined) {
        if (!(argv.last > 0 && argv.last <= 1)) throw new Error(`expected --last in (0, 1], got ${argv.last}`);
        ids = ids.slice(ids.length - Math.floor(ids.length * argv.last));
      }
      const score = await gpt.evaluateText(ids, { stride: argv.stride });
      if (argv.json) {
        console.log(JSON.stringify({ model: argv.model, data: argv.data, ...score }));
      } else {
        console.log(`loss ${score.loss.toFixed(4)} nats/token, perplexity ${score.perplexity.toFixed(3)}, over ${score.tokens.toLocaleString('en-US')} tokens`);
      }
    } finally {
      gpt.dispose();
    }
  },
};
