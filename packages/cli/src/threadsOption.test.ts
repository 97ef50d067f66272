import { runCli as run } from './test-helpers/runCli';

// Its own file: the threaded wasm build starts only on a process's (here: a module registry's) first wasm start.

test('--threads 2 reaches initBackend: tfzoo info reports 2 wasm threads', async () => {
  const { code, out, err } = await run(['info', '--backend', 'wasm', '--threads', '2']);
  expect(code).toBe(0);
  expect(err).toMatch(/^tfzoo backend: wasm \(SIMD, 2 threads\)/);
  expect(out).toMatch(/^threads\s+2$/m);
});

test('a bad thread count exits 1 naming the option', async () => {
  const { code, err } = await run(['info', '--backend', 'wasm', '--threads', '0']);
  expect(code).toBe(1);
  expect(err).toContain('expected options.threads to be a positive integer, got 0');
});
