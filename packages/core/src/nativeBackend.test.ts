/**
 * The native packages cannot be installed on an offline machine, so these tests
 * stand in for them with virtual modules that behave as the real ones do:
 * throw while loading libtensorflow, or register a `tensorflow` backend.
 */
import * as tf from '@tensorflow/tfjs';

type FakeBackend = tf.KernelBackend & { isUsingGpuDevice: () => boolean };

/** A backend object that reports a GPU or not; its kernels are never run here. */
function fakeNativeBackend(gpu: boolean): FakeBackend {
  const cpu = tf.findBackend('cpu') as tf.KernelBackend;
  const backend = Object.create(cpu) as FakeBackend;
  backend.isUsingGpuDevice = () => gpu;
  return backend;
}

function registerFake(gpu: boolean): void {
  tf.registerBackend('tensorflow', () => fakeNativeBackend(gpu), 0);
}

async function forgetNativeBackend(): Promise<void> {
  await tf.setBackend('cpu');
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
}

// tfjs keeps its engine on globalThis, so the freshly required initBackend below
// shares the backend registry with this file's `tf`.
beforeEach(async () => {
  jest.resetModules();
  await forgetNativeBackend();
});

afterAll(forgetNativeBackend);

test('a native package whose library fails to load is skipped with the loader error', async () => {
  jest.doMock(
    '@tensorflow/tfjs-node-gpu',
    () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at Module._load');
    },
    { virtual: true },
  );
  const { initBackend } = require('./initBackend') as typeof import('./initBackend');
  const choice = await initBackend(undefined, { log: null });
  expect(choice.skipped[0]).toEqual({
    name: 'tensorflow-gpu',
    reason:
      '@tensorflow/tfjs-node-gpu is installed but its native library did not load (libtensorflow.so.2: cannot open shared object file: No such file or directory)',
  });
  expect(choice.name).not.toBe('tensorflow-gpu');
});

test('tfjs-node-gpu with a visible GPU is chosen first and reported as CUDA', async () => {
  jest.doMock('@tensorflow/tfjs-node-gpu', () => registerFake(true), { virtual: true });
  const { initBackend } = require('./initBackend') as typeof import('./initBackend');
  const choice = await initBackend(undefined, { log: null });
  expect(choice).toMatchObject({ name: 'tensorflow-gpu', tfBackend: 'tensorflow', skipped: [] });
  expect(choice.line).toBe('tfzoo backend: tensorflow-gpu (CUDA GPU)');
});

test('tfjs-node-gpu without a GPU is skipped in favour of tfjs-node', async () => {
  jest.doMock('@tensorflow/tfjs-node-gpu', () => registerFake(false), { virtual: true });
  jest.doMock('@tensorflow/tfjs-node', () => registerFake(false), { virtual: true });
  const { initBackend } = require('./initBackend') as typeof import('./initBackend');
  const choice = await initBackend(undefined, { log: null });
  expect(choice.name).toBe('tensorflow');
  expect(choice.skipped).toEqual([
    { name: 'tensorflow-gpu', reason: '@tensorflow/tfjs-node-gpu loaded but sees no CUDA GPU' },
  ]);
  expect(choice.line).toBe(
    'tfzoo backend: tensorflow (CPU); skipped tensorflow-gpu: @tensorflow/tfjs-node-gpu loaded but sees no CUDA GPU',
  );
});

test('a native package that registers with another copy of tfjs-core is reported', async () => {
  jest.doMock('@tensorflow/tfjs-node', () => ({}), { virtual: true });
  const { initBackend } = require('./initBackend') as typeof import('./initBackend');
  await expect(initBackend('tensorflow', { log: null })).rejects.toThrow(
    /@tensorflow\/tfjs-node loaded but registered with another copy of tfjs-core/,
  );
});
