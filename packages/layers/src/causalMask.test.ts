import * as tf from '@tensorflow/tfjs';
import { causalMask } from './causalMask';

describe('causalMask', () => {
  it('is the lower triangle for square masks', () => {
    expect(causalMask(3).arraySync()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
  });

  it('aligns queries to the end of longer keys (cached decoding)', () => {
    expect(causalMask(2, 4).arraySync()).toEqual([
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
    expect(causalMask(1, 5).arraySync()).toEqual([[1, 1, 1, 1, 1]]);
  });

  it('rejects impossible lengths, naming them', () => {
    expect(() => causalMask(0)).toThrow(/expected positive integer lengths, got queryLength=0, keyLength=0/);
    expect(() => causalMask(4, 2)).toThrow(/keyLength \(2\) must be at least queryLength \(4\)/);
  });

  it('is float32 and leaves no tensors behind but its own', () => {
    const before = tf.memory().numTensors;
    const m = causalMask(5);
    expect(m.dtype).toBe('float32');
    expect(tf.memory().numTensors).toBe(before + 1);
    m.dispose();
  });
});
