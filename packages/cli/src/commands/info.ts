import type { CommandModule } from 'yargs';
import { initBackend } from '@tfzoo/core';
import type { GlobalOptions } from '../globalOptions';

interface InfoOptions extends GlobalOptions {
  json: boolean;
}

/** `tfzoo info`: which backend runs, and what it can use (SIMD, threads, GPU). */
export const infoCommand: CommandModule<GlobalOptions, InfoOptions> = {
  command: 'info',
  describe: 'Show the tfjs backend tfzoo selects, the tfjs version, SIMD and threads',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }),
  handler: async (argv) => {
    const choice = await initBackend(argv.backend, { log: argv.json ? null : undefined, threads: argv.threads });
    const rt = choice.runtime;
    if (argv.json) {
      console.log(JSON.stringify({ ...rt, backend: choice.name, tfBackend: choice.tfBackend, source: choice.source, skipped: choice.skipped }));
      return;
    }
    const rows: [string, string][] = [
      ['backend', `${choice.name} (tfjs '${choice.tfBackend}', ${choice.source})`],
      ['tfjs', rt.tfjsVersion],
      ['node', rt.nodeVersion],
    ];
    if (choice.tfBackend === 'wasm') {
      rows.push(['simd', rt.simd ? 'yes' : 'no'], ['threads', String(rt.threads)]);
    }
    if (rt.device) rows.push(['device', rt.device]);
    for (const s of choice.skipped) rows.push([`skipped ${s.name}`, s.reason]);
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  },
};
