import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';
import { ADAMW_KERNEL } from './adamWKernel';
import { GELU_GRAD_KERNEL, GELU_KERNEL } from './geluKernels';
import { LAYER_NORM_KERNEL } from './layerNormKernels';
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from './registerWasmTrainingKernels';
import { SUM_OF_SQUARES_KERNEL } from './sumOfSquaresKernel';
import { asWasmBackend } from './wasmBackendAccess';
import { overrideWasmKernel } from './wasmKernelRegistry';

const quiet = { log: null };


function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= tol)) throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Runs `compute` on cpu and then on wasm; returns both results (plain arrays, tensors disposed). */
async function onCpuAndWasm(compute: () => Float32Array[]): Promise<[Float32Array[], Float32Array[]]> {
  await initBackend('cpu', quiet);
  const cpu = compute();
  await initBackend('wasm', quiet);
  const tensors = tf.memory().numTensors;
  const wasm = compute();
  expect(tf.memory().numTensors).toBe(tensors);
  return [cpu, wasm];
}

/** Embedding -> dense(relu) -> dense head, cross-entropy on next tokens; gradients of every weight. */
function languageModelGradients(): Float32Array[] {
  const [vocab, width, hidden, batch, time] = [65, 32, 48, 4, 16];
  const embedding = tf.layers.embedding({ inputDim: vocab, outputDim: width });
  const dense = tf.layers.dense({ units: hidden, activation: 'relu' });
  const head = tf.layers.dense({ units: vocab });
  embedding.build([batch, time]);
  dense.build([batch, time, width]);
  head.build([batch, time, hidden]);
  const layers = [embedding, dense, head];
  const out = tf.tidy(() => {
    let seed = 1;
    for (const layer of layers) {
      layer.setWeights(layer.getWeights().map((w) => tf.tensor(seededValues(w.size, seed++), w.shape).mul(0.5)));
    }
    const ids = Array.from({ length: batch * time }, (_, i) => (i * 37 + 11) % vocab);
    const targets = ids.map((id) => (id * 5 + 3) % vocab);
    const variables = layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor2d(ids, [batch, time], 'int32');
      const logits = head.apply(dense.apply(embedding.apply(x))) as tf.Tensor; // (B, T, vocab)
      const labels = tf.oneHot(tf.tensor2d(targets, [batch, time], 'int32'), vocab);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    }, variables);
    return [value, ...variables.map((v) => grads[v.name])].map((t) => t.dataSync() as Float32Array);
  });
  layers.forEach((l) => l.weights.forEach((w) => w.dispose()));
  return out;
}

/** Gradients of q, k, v through softmax(q·kᵀ/√d)·v for (B·nh, T, hs) = (4, 32, 16). */
function attentionGradients(): Float32Array[] {
  const shape: [number, number, number] = [4, 32, 16];
  const size = 4 * 32 * 16;
  return tf.tidy(() => {
    const [q, k, v] = [1, 2, 3].map((s) => tf.tensor3d(seededValues(size, s), shape));
    const weights = tf.tensor3d(seededValues(size, 4), shape);
    const attention = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
      tf.matMul(tf.softmax(tf.matMul(q, k, false, true).div(4)), v).mul(weights).sum();
    const grads = tf.grads(attention)([q, k, v]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

describe('registerWasmTrainingKernels', () => {
  afterEach(() => registerWasmTrainingKernels());

  test('is idempotent, and unregisterWasmTrainingKernels restores the wasm kernels', async () => {
    await initBackend('wasm', quiet);
    const fast = ['BatchMatMul', '_FusedMatMul', 'UnsortedSegmentSum', 'Sum', 'GatherV2'].map((n) => tf.getKernel(n, 'wasm'));
    expect(fast.every((k) => k != null)).toBe(true);
    for (const name of [ADAMW_KERNEL, SUM_OF_SQUARES_KERNEL, LAYER_NORM_KERNEL, GELU_KERNEL, GELU_GRAD_KERNEL]) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    registerWasmTrainingKernels();
    expect(['BatchMatMul', '_FusedMatMul', 'UnsortedSegmentSum', 'Sum', 'GatherV2'].map((n) => tf.getKernel(n, 'wasm'))).toEqual(fast);

    unregisterWasmTrainingKernels();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    for (const name of [ADAMW_KERNEL, SUM_OF_SQUARES_KERNEL, LAYER_NORM_KERNEL, GELU_KERNEL, GELU_GRAD_KERNEL]) expect(tf.getKernel(name, 'wasm')).toBeUndefined();
    const own = tf.getKernel('BatchMatMul', 'wasm');
    expect(own).not.toBe(fast[0]);
    expect(tf.getKernel('GatherV2', 'wasm')).not.toBe(fast[4]);
    unregisterWasmTrainingKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(own);

    // Re-registering on an initialised backend: no warnings, and the kernels work.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    registerWasmTrainingKernels();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const y = tf.tidy(() => tf.matMul(tf.ones([40, 30]), tf.ones([50, 30]), false, true));
    expect(Array.from(y.dataSync()).every((v) => v === 30)).toBe(true);
    y.dispose();
  });

  test('errors clearly when a kernel to wrap is not registered, or the backend is not wasm', () => {
    expect(() => overrideWasmKernel('NoSuchKernel', (k) => k)).toThrow(
      "tfzoo wasm kernels: no NoSuchKernel kernel is registered for the wasm backend; import @tensorflow/tfjs-backend-wasm before registering tfzoo's kernels",
    );
    expect(() => asWasmBackend({}, 'BatchMatMul')).toThrow(
      'tfzoo wasm kernel BatchMatMul: the backend object has no makeOutput() method; expected the BackendWasm of @tensorflow/tfjs-backend-wasm 4.x',
    );
  });

  test('tf.erf (GELU) on wasm matches cpu', async () => {
    const x = Array.from(seededValues(401, 9), (v) => v * 4);
    const [cpu, wasm] = await onCpuAndWasm(() => tf.tidy(() => [tf.erf(tf.tensor1d(x)).dataSync() as Float32Array]));
    expectClose(wasm[0], cpu[0], 1e-5);
  });

  test('gradients of an embedding + dense language model on wasm equal cpu', async () => {
    const [cpu, wasm] = await onCpuAndWasm(languageModelGradients);
    expect(wasm.map((g) => g.length)).toEqual(cpu.map((g) => g.length));
    expect(wasm.length).toBe(6); // loss + 5 weights
    cpu.forEach((g, i) => expectClose(wasm[i], g));
    // The embedding gradient is non-trivial: some rows zero (unused ids), others not.
    expect(cpu[1].some((v) => v !== 0)).toBe(true);
  });

  test('gradients through batched attention matmuls on wasm equal cpu', async () => {
    const [cpu, wasm] = await onCpuAndWasm(attentionGradients);
    cpu.forEach((g, i) => expectClose(wasm[i], g));
  });
});
