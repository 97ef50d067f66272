import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { AttentionCache, DecoderBlockCache, disposeAttentionCache, disposeDecoderBlockCache } from './AttentionCache';
import { BACKENDS } from './test-helpers/backends';

const attentionCache = (withMask: boolean): AttentionCache => ({
  key: tf.zeros([1, 2, 3, 4]) as tf.Tensor4D,
  value: tf.zeros([1, 2, 3, 5]) as tf.Tensor4D,
  ...(withMask ? { keyMask: tf.ones([1, 3]) as tf.Tensor2D } : {}),
});

describe.each(BACKENDS)('AttentionCache on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  it('disposeDecoderBlockCache disposes every tensor of both parts, key masks included', () => {
    const before = tf.memory().numTensors;
    const cache: DecoderBlockCache = { self: attentionCache(false), cross: attentionCache(true) };
    expect(tf.memory().numTensors).toBe(before + 5);
    disposeDecoderBlockCache(cache);
    expect(tf.memory().numTensors).toBe(before);
    expect([cache.self!.key, cache.self!.value, cache.cross!.key, cache.cross!.value, cache.cross!.keyMask!].every((t) => t.isDisposed)).toBe(true);
  });

  it('accepts empty parts and a null cache', () => {
    const before = tf.memory().numTensors;
    const cache: DecoderBlockCache = { self: attentionCache(false), cross: null };
    disposeDecoderBlockCache(cache);
    disposeDecoderBlockCache({ self: null, cross: null });
    disposeDecoderBlockCache(null);
    disposeAttentionCache(null);
    expect(tf.memory().numTensors).toBe(before);
  });
});
