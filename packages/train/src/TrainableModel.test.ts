import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { cycleBatches, disposeBatchTensors } from './TrainableModel';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

describe('cycleBatches', () => {
  it('cycles a fixed list and resumes from its saved position', () => {
    const source = cycleBatches(['a', 'b', 'c']);
    expect([source.next(), source.next(), source.next(), source.next()]).toEqual(['a', 'b', 'c', 'a']);
    const state = source.getState!();
    const other = cycleBatches(['a', 'b', 'c']);
    other.setState!(state);
    expect(other.next()).toBe('b');
    expect(() => other.setState!(3)).toThrow('expected a position in [0, 3), got 3');
  });

  it('refuses batches holding tensors, which the trainer disposes after one use', () => {
    const t = tf.zeros([2]);
    expect(() => cycleBatches([{ ids: new Int32Array(2) }, { ids: t }])).toThrow("batch 1 holds a tensor at 'ids'");
    t.dispose();
    expect(() => cycleBatches([])).toThrow('expected at least one batch');
  });
});

describe('disposeBatchTensors', () => {
  it('disposes tensors nested in objects and arrays, leaving typed arrays alone', () => {
    const before = tf.memory().numTensors;
    const batch = { xs: tf.ones([2, 2]), nested: { mask: [tf.zeros([2]), 3] }, ids: new Int32Array(1000) };
    disposeBatchTensors(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(batch.ids.length).toBe(1000);
  });
});
