import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { expectClose } from '../test-helpers/expectClose';
import { seededValues } from '../test-helpers/seededValues';

const quiet = { log: null };

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
type Activation = (typeof ACTIVATIONS)[number];

interface Case {
  label: string;
  aShape: number[];
  bShape: number[];
  transposeA: boolean;
  transposeB: boolean;
  activation: Activation;
  withBias: boolean;
  n: number;
}

// (m, k, n) = (33, 65, 17): above the fast-path threshold; the products scaled by 4 so
// relu6 clips. Batch 1 without transposes stays with wasm's own fused kernel.
function allCases(): Case[] {
  const [m, k, n] = [33, 65, 17];
  const cases: Case[] = [];
  for (const batch of [1, 3]) {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      for (const activation of ACTIVATIONS) {
        for (const withBias of [true, false]) {
          if (!withBias && activation !== 'linear' && activation !== 'relu') continue;
          cases.push({
            label: `batch ${batch}, transposeA=${transposeA}, transposeB=${transposeB}, ${activation}${withBias ? ', bias' : ''}`,
            aShape: [batch, ...(transposeA ? [k, m] : [m, k])],
            bShape: [batch, ...(transposeB ? [n, k] : [k, n])],
            transposeA,
            transposeB,
            activation,
            withBias,
            n,
          });
        }
      }
    }
  }
  return cases;
}

function fused(c: Case, seed: number): tf.Tensor {
  return tf.tidy(() =>
    tf.fused.matMul({
      a: tf.tensor(seededValues(tf.util.sizeFromShape(c.aShape), seed), c.aShape).mul(4),
      b: tf.tensor(seededValues(tf.util.sizeFromShape(c.bShape), seed + 1), c.bShape),
      transposeA: c.transposeA,
      transposeB: c.transposeB,
      bias: c.withBias ? tf.tensor(seededValues(c.n, seed + 2)) : undefined,
      activation: c.activation,
      preluActivationWeights: c.activation === 'prelu' ? tf.tensor(seededValues(c.n, seed + 3)) : undefined,
      leakyreluAlpha: 0.15,
    }),
  );
}

describe('wasm _FusedMatMul (tfzoo fast path)', () => {
  const cases = allCases();
  const expected: Float32Array[] = [];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    cases.forEach((c, i) => {
      const y = fused(c, 10 * i);
      expected.push(y.dataSync() as Float32Array);
      y.dispose();
    });
    await initBackend('wasm', quiet);
  });

  test.each(cases.map((c, i) => [c.label, i] as const))('matches cpu: %s', (_label, i) => {
    const y = fused(cases[i], 10 * i);
    expectClose(y.dataSync(), expected[i]);
    y.dispose();
  });

  test('leaves no tensors or heap buffers behind, and the wasm heap stops growing', () => {
    const backend = tf.backend();
    const heap = () => (backend as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const runAll = () => cases.forEach((c, i) => fused(c, 10 * i).dispose());
    runAll();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    const heapBytes = heap();
    for (let i = 0; i < 3; i++) runAll();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    expect(heap()).toBe(heapBytes);
  });

  test('a bias of rank 2 still gets the wasm kernel and its error', () => {
    const run = () =>
      tf.tidy(() =>
        tf.fused.matMul({ a: tf.ones([40, 50]), b: tf.ones([40, 50]), transposeA: true, bias: tf.ones([1, 50]) }),
      );
    expect(run).toThrow('_FusedMatMul only supports rank-1 bias');
  });
});
