import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../initBackend';
import { seededValues } from '../test-helpers/seededValues';

const quiet = { log: null };

interface Case {
  label: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  indices: number[];
  indicesShape: number[];
  axis: number;
  batchDims?: number;
}

function ids(count: number, rows: number, seed: number): number[] {
  return Array.from(seededValues(count, seed), (v) => Math.min(rows - 1, Math.floor(((v + 1) / 2) * rows)));
}

const CASES: Case[] = [
  { label: 'token embedding (65, 128)[768]', shape: [65, 128], dtype: 'float32', indices: ids(768, 65, 1), indicesShape: [768], axis: 0 },
  { label: 'ids shaped (12, 64)', shape: [65, 33], dtype: 'float32', indices: ids(768, 65, 2), indicesShape: [12, 64], axis: 0 },
  { label: 'int32 table', shape: [9, 5], dtype: 'int32', indices: ids(7, 9, 3), indicesShape: [7], axis: 0 },
  { label: 'width 1', shape: [4, 1], dtype: 'float32', indices: [3, 0, 0, 2, 1], indicesShape: [5], axis: 0 },
  { label: 'rank-3 table', shape: [6, 3, 5], dtype: 'float32', indices: [5, 0, 5], indicesShape: [3], axis: 0 },
  { label: 'rank-1 table', shape: [10], dtype: 'float32', indices: [9, 0, 4], indicesShape: [3], axis: 0 },
  { label: 'axis -2', shape: [5, 3], dtype: 'float32', indices: [1, 4], indicesShape: [2], axis: -2 },
  { label: 'no indices', shape: [5, 3], dtype: 'float32', indices: [], indicesShape: [0], axis: 0 },
  { label: 'axis 1 (original kernel)', shape: [4, 6], dtype: 'float32', indices: [5, 0, 2], indicesShape: [3], axis: 1 },
  { label: 'batchDims 1 (original kernel)', shape: [2, 4, 3], dtype: 'float32', indices: [3, 0, 1, 1], indicesShape: [2, 2], axis: 1, batchDims: 1 },
];

function gather(c: Case, seed: number): { values: number[]; shape: number[] } {
  return tf.tidy(() => {
    const values = seededValues(tf.util.sizeFromShape(c.shape), seed).map((v) => (c.dtype === 'int32' ? Math.round(v * 1000) : v));
    const x = tf.tensor(values, c.shape, c.dtype);
    const y = tf.gather(x, tf.tensor(c.indices, c.indicesShape, 'int32'), c.axis, c.batchDims ?? 0);
    expect(y.dtype).toBe(c.dtype);
    return { values: Array.from(y.dataSync()), shape: y.shape };
  });
}

describe('wasm GatherV2 by rows', () => {
  const expected: { values: number[]; shape: number[] }[] = [];

  beforeAll(async () => {
    await initBackend('cpu', quiet);
    CASES.forEach((c, i) => expected.push(gather(c, i + 1)));
    await initBackend('wasm', quiet);
  });

  test.each(CASES.map((c, i) => [c.label, i] as const))('equals cpu exactly: %s', (_label, i) => {
    const before = tf.memory().numTensors;
    const y = gather(CASES[i], i + 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(y.shape).toEqual(expected[i].shape);
    expect(y.values).toEqual(expected[i].values);
  });

  test('names an out-of-range index and its position, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const table = tf.ones([65, 4]);
    for (const [bad, message] of [
      [70, 'GatherV2: expected indices in [0, 65), got 70 at position 2'],
      [-1, 'GatherV2: expected indices in [0, 65), got -1 at position 2'],
    ] as const) {
      const idx = tf.tensor1d([0, 64, bad, 3], 'int32');
      expect(() => tf.gather(table, idx)).toThrow(message);
      idx.dispose();
    }
    table.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('gradient of the lookup still flows (UnsortedSegmentSum)', () => {
    const g = tf.tidy(() => {
      const table = tf.tensor2d(seededValues(12, 7), [4, 3]);
      return tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d([1, 1, 3], 'int32')).sum())(table).arraySync();
    });
    expect(g).toEqual([[0, 0, 0], [2, 2, 2], [0, 0, 0], [1, 1, 1]]);
  });
});
