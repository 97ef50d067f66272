import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { gatherRows } from './gatherRows';

describe.each(['cpu', 'wasm'] as const)('gatherRows on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  it('equals tf.gather along the first axis, for any dtype and with repeated rows', () => {
    for (const dtype of ['float32', 'int32'] as const) {
      const x = tf.tidy(() => tf.cast(tf.mul(tf.randomNormal([5, 2, 3, 4]), 10), dtype));
      const rows = [4, 0, 0, 2];
      const got = gatherRows(x, rows);
      const expected = tf.gather(x, tf.tensor1d(rows, 'int32'));
      expect(got.dtype).toBe(dtype);
      expect(got.shape).toEqual([4, 2, 3, 4]);
      expect(Array.from(got.dataSync())).toEqual(Array.from(expected.dataSync()));
      tf.dispose([x, got, expected]);
    }
  });

  it('names a bad row index, and leaks nothing', () => {
    const x = tf.zeros([3, 2]);
    const before = tf.memory().numTensors;
    expect(() => gatherRows(x, [0, 3])).toThrow('expected row indices in [0, 3), got 3 at 1');
    tf.dispose(gatherRows(x, [2, 1]));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
