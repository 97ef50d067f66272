import { main } from '../main';

/** Runs the CLI in-process, capturing console output and process.stdout/stderr writes. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ') + '\n'));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ') + '\n'));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const errWrite = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    [log, error, write, errWrite].forEach((s) => s.mockRestore());
  }
}
