import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { infoCommand } from './commands/info';
import { bertCommand } from './commands/bert';
import { gptCommand } from './commands/gpt';
import { translateCommand } from './commands/translate';
import { ragCommand } from './commands/rag';
import type { GlobalOptions } from './globalOptions';

/** Every tfzoo sub-command; later packages add theirs here. */
export const COMMANDS: CommandModule<GlobalOptions, any>[] = [infoCommand, gptCommand, bertCommand, translateCommand, ragCommand];

/**
 * Runs the `tfzoo` command line with `args` (without `node` and the script).
 * Resolves to the process exit code; errors are printed without a stack trace
 * unless TFZOO_DEBUG is set.
 */
export async function main(args: string[]): Promise<number> {
  let failed = false;
  const cli = yargs(args)
    .scriptName('tfzoo')
    .usage('$0 <command> [options]')
    .option('backend', {
      type: 'string',
      describe: 'tfjs backend: tensorflow-gpu | tensorflow | wasm | cpu (default: best available, or TFZOO_BACKEND)',
      global: true,
    })
    .option('threads', {
      type: 'number',
      describe: "threads for tfzoo's wasm kernels; above 1 starts tfjs's threaded wasm build (default: TFZOO_WASM_THREADS, else 1)",
      global: true,
    })
    .demandCommand(1, 'Name a command; see `tfzoo --help`.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .fail((msg, err, y) => {
      failed = true;
      if (err) {
        console.error(`tfzoo: ${process.env.TFZOO_DEBUG ? err.stack : err.message}`);
      } else {
        console.error(`${msg}\n`);
        y.showHelp('error');
      }
    })
    .exitProcess(false);
  for (const command of COMMANDS) cli.command(command);
  try {
    await cli.parseAsync();
  } catch (e) {
    if (!failed) {
      failed = true;
      console.error(`tfzoo: ${e instanceof Error ? (process.env.TFZOO_DEBUG ? e.stack : e.message) : String(e)}`);
    }
  }
  return failed ? 1 : 0;
}
