import { main } from './main';

/** Runs the CLI in-process, capturing what it prints. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

test('tfzoo info --json reports the requested backend and tfjs version', async () => {
  const { code, out } = await run(['info', '--backend', 'cpu', '--json']);
  expect(code).toBe(0);
  const info = JSON.parse(out);
  expect(info).toMatchObject({ backend: 'cpu', tfBackend: 'cpu', source: 'argument', tfjsVersion: '4.22.0' });
});

test('tfzoo info on wasm prints SIMD and threads', async () => {
  const { code, out, err } = await run(['info', '--backend', 'wasm']);
  expect(code).toBe(0);
  expect(out).toMatch(/^backend\s+wasm/m);
  expect(out).toMatch(/^simd\s+(yes|no)$/m);
  expect(out).toMatch(/^threads\s+\d+$/m);
  expect(err).toMatch(/^tfzoo backend: wasm/);
});

test('a bad backend name exits 1 with the reason and no stack trace', async () => {
  const { code, err } = await run(['info', '--backend', 'tpu']);
  expect(code).toBe(1);
  expect(err).toContain("tfzoo: unknown backend 'tpu'");
  expect(err).not.toContain('    at ');
});

test('an unknown command exits 1 and shows the usage', async () => {
  const { code, err } = await run(['frobnicate']);
  expect(code).toBe(1);
  expect(err).toContain('Unknown argument: frobnicate');
});
