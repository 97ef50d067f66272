import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { HouseholderOrthogonal } from './HouseholderOrthogonal';
import { orthogonalMatrix } from './orthogonalMatrix';

/** max |M·Mᵀ − I| for the rows (or |Mᵀ·M − I| for the columns) of a row-major matrix. */
function orthonormalityError(m: Float32Array, rows: number, cols: number, byRows: boolean): number {
  const n = byRows ? rows : cols;
  const at = (i: number, k: number) => (byRows ? m[i * cols + k] : m[k * cols + i]);
  const len = byRows ? cols : rows;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe('orthogonalMatrix', () => {
  it.each([
    [8, 32, true],
    [32, 8, false],
    [16, 16, true],
    [1, 5, true],
  ])('a %i × %i matrix has orthonormal %s', (rows, cols, byRows) => {
    const m = orthogonalMatrix(rows, cols, 3);
    expect(m).toHaveLength(rows * cols);
    expect(orthonormalityError(m, rows, cols, byRows)).toBeLessThan(1e-5);
  });

  it('is a function of the seed, scaled by the gain', () => {
    const a = orthogonalMatrix(6, 6, 11);
    expect(orthogonalMatrix(6, 6, 11)).toEqual(a);
    expect(orthogonalMatrix(6, 6, 12)).not.toEqual(a);
    const doubled = orthogonalMatrix(6, 6, 11, 2);
    doubled.forEach((v, i) => expect(v).toBeCloseTo(2 * a[i], 6));
  });

  it('is not biased towards a sign or a direction: entries average about 0 over seeds', () => {
    // Without the sign correction from R's diagonal, Householder's Q has a biased diagonal.
    const n = 4;
    const sum = new Float64Array(n * n);
    for (let seed = 0; seed < 400; seed++) orthogonalMatrix(n, n, seed).forEach((v, i) => (sum[i] += v / 400));
    for (const v of sum) expect(Math.abs(v)).toBeLessThan(0.1);
  });

  it('rejects non-positive sizes', () => {
    expect(() => orthogonalMatrix(0, 3, 1)).toThrow('orthogonalMatrix: expected positive integer dimensions, got 0 × 3');
  });
});

describe('HouseholderOrthogonal', () => {
  beforeAll(() => initBackend('cpu', { log: null }));

  it('initialises an LSTM-sized recurrent kernel (256, 1024) in well under a second with orthonormal rows', () => {
    const init = new HouseholderOrthogonal({ seed: 1 });
    const w = init.apply([256, 1024]);
    expect(w.shape).toEqual([256, 1024]);
    const gram = tf.matMul(w, w, false, true);
    const identity = tf.eye(256);
    expect(tf.max(tf.abs(tf.sub(gram, identity))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([w, gram, identity]);
  });

  it('round-trips its config through tf.serialization and is found by name', () => {
    const init = new HouseholderOrthogonal({ gain: 0.5, seed: 9 });
    expect(init.getConfig()).toEqual({ gain: 0.5, seed: 9 });
    const entry = tf.serialization.SerializationMap.getMap().classNameMap.HouseholderOrthogonal;
    const again = entry[1](entry[0], init.getConfig()) as HouseholderOrthogonal;
    const [a, b] = [init.apply([3, 4]), again.apply([3, 4])];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('rejects rank-1 shapes', () => {
    expect(() => new HouseholderOrthogonal().apply([5])).toThrow('HouseholderOrthogonal: expected a shape of rank >= 2, got [5]');
  });
});
