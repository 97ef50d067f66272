import type { Argv, CommandModule } from 'yargs';
import { initBackend } from '@tfzoo/core';
import { loadGPT } from '@tfzoo/gpt';
import type { GlobalOptions } from '../globalOptions';

interface GptGenerateOptions extends GlobalOptions {
  model: string;
  prompt: string;
  'max-new-tokens': number;
  temperature: number;
  'top-k'?: number;
  'top-p'?: number;
  seed?: number;
  greedy: boolean;
  stop?: string[];
  cache: boolean;
}

/** `tfzoo gpt generate`: continues a prompt with a saved GPT, streaming tokens to stdout. */
export const gptGenerateCommand: CommandModule<GlobalOptions, GptGenerateOptions> = {
  command: 'generate',
  describe: 'Continue a prompt with a saved GPT, streaming the text to stdout',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 gpt generate --model DIR --prompt TEXT [options]\n\n' +
          'DIR is a folder saved by `tfzoo gpt train` (the run folder or its model/), by gpt.save(), or a training ' +
          'checkpoint (e.g. runs/x/best). The prompt is printed, then each token as it is generated.',
      )
      .example('$0 gpt generate --model runs/gpt-shakespeare-nanogpt-cpu --prompt "ROMEO:" --seed 1', 'sample with top-k 40 at temperature 0.8')
      .example('$0 gpt generate --model runs/gpt-brown --prompt "The " --greedy', 'always the most likely token')
      .option('model', { type: 'string', demandOption: true, describe: 'Model folder' })
      .option('prompt', { type: 'string', default: '\n', defaultDescription: 'a newline', describe: 'Text to continue' })
      .option('max-new-tokens', { type: 'number', default: 200, describe: 'Tokens to generate at most' })
      .option('temperature', { type: 'number', default: 0.8, describe: 'Sharpen (< 1) or flatten (> 1) the distribution; 0 = greedy' })
      .option('top-k', { type: 'number', describe: 'Sample from the k most likely tokens (default 40 unless --top-p is given)' })
      .option('top-p', { type: 'number', describe: 'Sample from the smallest set of tokens holding probability p' })
      .option('seed', { type: 'number', describe: 'Seed: the same seed gives the same text (default: random)' })
      .option('greedy', { type: 'boolean', default: false, describe: 'Always take the most likely token' })
      .option('stop', { type: 'string', array: true, describe: 'Stop before this text (repeatable)' })
      .option('cache', { type: 'boolean', default: true, describe: 'Use the KV cache (--no-cache: recompute the window each step)' }),
  handler: async (argv) => {
    await initBackend(argv.backend, { threads: argv.threads });
    const gpt = await loadGPT(argv.model);
    try {
      const stream = gpt.generateStream(argv.prompt, {
        maxNewTokens: argv['max-new-tokens'],
        temperature: argv.temperature,
        topK: argv['top-k'] ?? (argv['top-p'] === undefined ? 40 : undefined),
        topP: argv['top-p'],
        seed: argv.seed,
        greedy: argv.greedy,
        stop: argv.stop,
        useCache: argv.cache,
      });
      process.stdout.write(argv.prompt);
      let next = await stream.next();
      while (!next.done) {
        process.stdout.write(next.value.text);
        next = await stream.next();
      }
      const result = next.value;
      process.stdout.write('\n');
      const rate = result.ids.length / Math.max(result.seconds, 1e-9);
      console.error(`(${result.ids.length} tokens in ${result.seconds.toFixed(2)} s, ${rate.toFixed(1)} tokens/s; stopped: ${result.stopReason})`);
    } finally {
      gpt.dispose();
    }
  },
};
