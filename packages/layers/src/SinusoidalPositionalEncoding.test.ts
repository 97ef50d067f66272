import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { SinusoidalPositionalEncoding } from './SinusoidalPositionalEncoding';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { expectClose } from './test-helpers/tensorAssertions';

/** The paper's formula, written independently of the implementation. */
function pe(pos: number, k: number, d: number): number {
  const i = Math.floor(k / 2);
  const angle = pos / Math.pow(10000, (2 * i) / d);
  return k % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
}

describe.each(BACKENDS)('SinusoidalPositionalEncoding on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runLayerTestCase({
    create: () => new SinusoidalPositionalEncoding({ name: 'sine' }),
    cls: SinusoidalPositionalEncoding,
    inputs: () => tf.randomNormal([2, 6, 8], 0, 1, 'float32', 1),
    outputShape: [2, 6, 8],
    trainableWeights: 0,
  });

  for (const d of [8, 7, 1, 33]) {
    it(`equals the formula at several (pos, i) for width ${d}`, () => {
      const T = 50;
      const out = new SinusoidalPositionalEncoding().apply(tf.zeros([2, T, d])) as tf.Tensor;
      const values = out.arraySync() as number[][][];
      for (const pos of [0, 1, 2, 17, 49]) {
        for (const k of [...new Set([0, 1, d - 2, d - 1])].filter((x) => x >= 0 && x < d)) {
          expect(values[0][pos][k]).toBeCloseTo(pe(pos, k, d), 6);
          expect(values[1][pos][k]).toBe(values[0][pos][k]);
        }
      }
      // Every element, for good measure.
      const expected = Array.from({ length: T }, (_, pos) => Array.from({ length: d }, (_, k) => pe(pos, k, d)));
      expectClose(tf.slice(out, [0, 0, 0], [1, T, d]), [expected], 1e-6);
      out.dispose();
    });
  }

  it('starts at startIndex', () => {
    const layer = new SinusoidalPositionalEncoding();
    const full = layer.apply(tf.zeros([1, 10, 6])) as tf.Tensor;
    const tail = layer.apply(tf.zeros([1, 3, 6]), { startIndex: 7 }) as tf.Tensor;
    expectClose(tail, tf.slice(full, [0, 7, 0], [1, 3, 6]), 0);
    tf.dispose([full, tail]);
  });

  it('positions(length, startIndex, width) gives the rows of later positions', () => {
    const layer = new SinusoidalPositionalEncoding({ name: 'sine' });
    const full = layer.apply(tf.zeros([1, 10, 6])) as tf.Tensor;
    const rows = layer.positions(3, 7, 6);
    expect(rows.shape).toEqual([3, 6]);
    expectClose(rows, tf.slice(full, [0, 7, 0], [1, 3, 6]), 0);
    expect(() => layer.positions(1, 1.5, 6)).toThrow(/SinusoidalPositionalEncoding 'sine': expected startIndex to be a non-negative integer, got 1.5/);
    tf.dispose([full, rows]);
  });

  it('honours maxWavelength', () => {
    const out = new SinusoidalPositionalEncoding({ maxWavelength: 100 }).apply(tf.zeros([1, 4, 4])) as tf.Tensor;
    expect((out.arraySync() as number[][][])[0][3][2]).toBeCloseTo(Math.sin(3 / Math.pow(100, 2 / 4)), 6);
    out.dispose();
  });

  it('rejects inputs that are not (batch, length, features)', () => {
    expect(() => new SinusoidalPositionalEncoding({ name: 'sine' }).apply(tf.zeros([2, 6]))).toThrow(
      /SinusoidalPositionalEncoding 'sine': expected one input of shape \(batch, length, features\), got \[2, 6\]/,
    );
  });
});
