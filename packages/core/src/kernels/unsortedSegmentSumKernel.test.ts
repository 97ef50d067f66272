import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { expectClose } from '../test-helpers/expectClose';
import { seededValues } from '../test-helpers/seededValues';

const quiet = { log: null };

interface Case {
  label: string;
  xShape: number[];
  ids: number[];
  numSegments: number;
}

const CASES: Case[] = [
  { label: 'rank-1 data, repeated ids', xShape: [8], ids: [0, 2, 2, 1, 0, 2, 3, 3], numSegments: 4 },
  { label: 'rank-2 data, empty segments', xShape: [6, 5], ids: [4, 1, 4, 4, 1, 6], numSegments: 8 },
  { label: 'rank-3 data', xShape: [5, 3, 4], ids: [2, 0, 2, 1, 2], numSegments: 3 },
  { label: 'out-of-range ids are dropped', xShape: [6, 3], ids: [0, -1, 2, 5, 9, 1], numSegments: 3 },
  { label: 'one row', xShape: [1, 7], ids: [0], numSegments: 1 },
  { label: 'no rows', xShape: [0, 4], ids: [], numSegments: 3 },
  { label: 'embedding-gradient sized', xShape: [96, 32], ids: Array.from({ length: 96 }, (_, i) => (i * 7) % 65), numSegments: 65 },
];

function segmentSum(c: Case, seed: number): tf.Tensor {
  return tf.tidy(() =>
    tf.unsortedSegmentSum(
      tf.tensor(seededValues(tf.util.sizeFromShape(c.xShape), seed), c.xShape),
      tf.tensor1d(c.ids, 'int32'),
      c.numSegments,
    ),
  );
}

describe('wasm UnsortedSegmentSum', () => {
  const expected: { values: Float32Array; shape: number[] }[] = [];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    CASES.forEach((c, i) => {
      const y = segmentSum(c, i + 1);
      expected.push({ values: y.dataSync() as Float32Array, shape: y.shape });
      y.dispose();
    });
    await initBackend('wasm', quiet);
  });

  test.each(CASES.map((c, i) => [c.label, i] as const))('matches cpu: %s', (_label, i) => {
    const y = segmentSum(CASES[i], i + 1);
    expect(y.shape).toEqual(expected[i].shape);
    expect(y.dtype).toBe('float32');
    expectClose(y.dataSync(), expected[i].values, 1e-5);
    y.dispose();
  });

  test('int32 data sums to int32', () => {
    const y = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 3));
    expect(y.dtype).toBe('int32');
    expect(y.arraySync()).toEqual([[5, 6], [4, 6], [0, 0]]);
    y.dispose();
  });

  test('rank-2 segment ids follow TensorFlow: they index the first two dims', () => {
    // x (2, 3, 2), ids (2, 3): out[s, :] = sum of x[i, j, :] with ids[i, j] = s.
    const x = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]];
    // tf.unsortedSegmentSum is typed for rank-1 ids only; the kernel takes any prefix.
    const segmentIds = tf.tensor2d([[0, 2, 0], [2, 2, -1]], [2, 3], 'int32');
    const y = tf.tidy(
      () => tf.engine().runKernel('UnsortedSegmentSum', { x: tf.tensor3d(x), segmentIds }, { numSegments: 3 }) as tf.Tensor,
    );
    segmentIds.dispose();
    expect(y.shape).toEqual([3, 2]);
    expect(y.arraySync()).toEqual([[6, 8], [0, 0], [19, 22]]);
    y.dispose();
  });

  test('the gradient of gather (an embedding lookup) matches cpu', async () => {
    const table = seededValues(11 * 6, 5);
    const ids = [[3, 1, 3, 10], [0, 3, 7, 1]];
    const weights = seededValues(2 * 4 * 6, 6);
    const gradient = () =>
      tf.tidy(() => {
        const w = tf.tensor3d(weights, [2, 4, 6]);
        const indices = tf.tensor2d(ids, [2, 4], 'int32');
        const f = (t: tf.Tensor) => tf.gather(t, indices).mul(w).sum();
        return tf.grad(f)(tf.tensor2d(table, [11, 6]));
      });
    await initBackend('cpu', quiet);
    const onCpu = gradient();
    const expectedGrad = onCpu.dataSync().slice();
    onCpu.dispose();
    await initBackend('wasm', quiet);
    const onWasm = gradient();
    expect(onWasm.shape).toEqual([11, 6]);
    expectClose(onWasm.dataSync(), expectedGrad, 1e-6);
    onWasm.dispose();
  });

  test('leaves no tensors or heap buffers behind, and the wasm heap stops growing', () => {
    const backend = tf.backend();
    const heap = () => (backend as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const runAll = () => CASES.forEach((c, i) => segmentSum(c, i + 1).dispose());
    runAll();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    const heapBytes = heap();
    for (let i = 0; i < 10; i++) runAll();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    expect(heap()).toBe(heapBytes);
  });

  test('errors name the bad value and what was expected', () => {
    const x = tf.zeros([4, 3]);
    const run = (ids: tf.Tensor, numSegments: number, data: tf.Tensor = x) => () =>
      tf.engine().runKernel('UnsortedSegmentSum', { x: data, segmentIds: ids }, { numSegments });
    const ids5 = tf.tensor1d([0, 0, 0, 0, 0], 'int32');
    const ids4 = tf.tensor1d([0, 0, 0, 0], 'int32');
    const floatIds = tf.tensor1d([0, 0, 0, 0], 'float32');
    const boolX = tf.zeros([4], 'bool');
    expect(run(ids5, 2)).toThrow("expected segmentIds of shape [4] (a prefix of x's shape [4,3]), got [5]");
    expect(run(ids4, 2.5)).toThrow('expected numSegments to be an integer >= 0, got 2.5');
    expect(run(floatIds, 2)).toThrow('expected segmentIds of dtype int32, got float32');
    expect(run(ids4, 2, boolX)).toThrow('expected x of dtype float32 or int32, got bool');
    tf.dispose([x, ids5, ids4, floatIds, boolX]);
  });
});
