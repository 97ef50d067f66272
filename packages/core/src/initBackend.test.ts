import * as tf from '@tensorflow/tfjs';
import { initBackend } from './initBackend';
import { BACKEND_PREFERENCE, parseBackendName } from './backendNames';

const quiet = { log: null };

afterEach(() => {
  delete process.env.TFZOO_BACKEND;
});

describe('initBackend', () => {
  test('automatic choice is the best backend that starts, and the report names every skipped one', async () => {
    const lines: string[] = [];
    const choice = await initBackend(undefined, { log: (l) => lines.push(l) });
    expect(choice.source).toBe('automatic');
    expect(tf.getBackend()).toBe(choice.tfBackend);
    const rank = BACKEND_PREFERENCE.indexOf(choice.name);
    // Every better backend was tried and skipped with a reason, in preference order.
    expect(choice.skipped.map((s) => s.name)).toEqual(BACKEND_PREFERENCE.slice(0, rank));
    for (const s of choice.skipped) {
      expect(s.reason.length).toBeGreaterThan(0);
      expect(choice.line).toContain(`skipped ${s.name}: ${s.reason}`);
    }
    expect(lines).toEqual([choice.line]);
    expect(lines[0].split('\n')).toHaveLength(1);
    expect(choice.line.startsWith(`tfzoo backend: ${choice.name}`)).toBe(true);
  });

  test('an explicit argument forces the backend', async () => {
    const choice = await initBackend('cpu', quiet);
    expect(choice).toMatchObject({ name: 'cpu', tfBackend: 'cpu', source: 'argument', skipped: [] });
    expect(choice.line).toContain('[requested]');
  });

  test('TFZOO_BACKEND overrides the automatic choice; an argument overrides TFZOO_BACKEND', async () => {
    process.env.TFZOO_BACKEND = 'cpu';
    expect((await initBackend(undefined, quiet)).source).toBe('TFZOO_BACKEND');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initBackend('wasm', quiet);
    expect(wasm).toMatchObject({ name: 'wasm', source: 'argument' });
    expect(wasm.runtime.simd).toBe(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'));
    expect(wasm.runtime.threads).toBeGreaterThanOrEqual(1);
    expect(wasm.line).toMatch(/wasm \((no )?SIMD, \d+ threads?\)/);
  });

  test('wasm computes correctly once selected', async () => {
    await initBackend('wasm', quiet);
    const y = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])));
    expect(Array.from(y.dataSync())).toEqual([3, 3, 3, 3]);
    y.dispose();
  });

  test('an unknown name is an error that lists the valid ones', async () => {
    await expect(initBackend('webgl2', quiet)).rejects.toThrow(
      /unknown backend 'webgl2': expected one of tensorflow-gpu, tensorflow, wasm, cpu/,
    );
    process.env.TFZOO_BACKEND = 'tpu';
    await expect(initBackend(undefined, quiet)).rejects.toThrow(/unknown backend 'tpu'/);
  });

  test('a forced native backend that is not installed fails loudly instead of falling back', async () => {
    let installed = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) return; // On a machine with tfjs-node this case cannot be produced.
    process.env.TFZOO_BACKEND = 'node';
    await expect(initBackend(undefined, quiet)).rejects.toThrow(
      "backend 'tensorflow' (from TFZOO_BACKEND=node) could not start: @tensorflow/tfjs-node is not installed",
    );
  });
});

describe('parseBackendName', () => {
  test.each([
    ['gpu', 'tensorflow-gpu'],
    ['CUDA', 'tensorflow-gpu'],
    ['tfjs-node', 'tensorflow'],
    [' wasm ', 'wasm'],
    ['cpu', 'cpu'],
  ])('%s → %s', (alias, name) => {
    expect(parseBackendName(alias)).toBe(name);
  });
});
