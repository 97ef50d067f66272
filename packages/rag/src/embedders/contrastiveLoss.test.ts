import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { Random } from '@tfzoo/data';
import { contrastiveLoss } from './contrastiveLoss';

beforeAll(() => initBackend('cpu', { log: null }));

/** The loss written out with loops over plain arrays. */
function naiveInfoNCE(a: number[][], b: number[][], temperature: number, symmetric: boolean): number {
  const unit = (v: number[]) => {
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return v.map((x) => x / n);
  };
  const ua = a.map(unit);
  const ub = b.map(unit);
  const B = a.length;
  const sim: number[][] = [];
  for (let i = 0; i < B; i++) {
    sim.push([]);
    for (let j = 0; j < B; j++) sim[i].push(ua[i].reduce((s, x, k) => s + x * ub[j][k], 0) / temperature);
  }
  const direction = (s: number[][]) => {
    let total = 0;
    for (let i = 0; i < B; i++) {
      let denominator = 0;
      for (let j = 0; j < B; j++) denominator += Math.exp(s[i][j]);
      total += -Math.log(Math.exp(s[i][i]) / denominator);
    }
    return total / B;
  };
  if (!symmetric) return direction(sim);
  const transposed = sim.map((_, i) => sim.map((row) => row[i]));
  return (direction(sim) + direction(transposed)) / 2;
}

function randomMatrix(rows: number, cols: number, random: Random): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => random.uniform(-1, 1)));
}

describe('contrastiveLoss', () => {
  it('equals the hand-written InfoNCE, in one direction and symmetric', () => {
    const random = new Random(7);
    for (const [B, d, temperature] of [
      [2, 3, 0.5],
      [4, 5, 0.05],
      [6, 2, 1],
    ]) {
      const a = randomMatrix(B, d, random);
      const b = randomMatrix(B, d, random);
      for (const symmetric of [false, true]) {
        const loss = tf.tidy(() => contrastiveLoss(tf.tensor2d(a), tf.tensor2d(b), { temperature, symmetric }).dataSync()[0]);
        expect(loss).toBeCloseTo(naiveInfoNCE(a, b, temperature, symmetric), 4);
      }
    }
  });

  it('is about log B for unrelated rows and near 0 when each row matches only its positive', () => {
    const B = 8;
    const eye = tf.eye(B) as tf.Tensor2D;
    const matched = contrastiveLoss(eye, eye, { temperature: 0.05 });
    expect(matched.dataSync()[0]).toBeLessThan(1e-6);
    const same = tf.ones([B, 4]) as tf.Tensor2D; // every pair equally similar
    const chance = contrastiveLoss(same, same);
    expect(chance.dataSync()[0]).toBeCloseTo(Math.log(B), 5);
    tf.dispose([eye, matched, same, chance]);
  });

  it('ignores the rows\' lengths (cosine similarity)', () => {
    const random = new Random(3);
    const a = randomMatrix(3, 4, random);
    const b = randomMatrix(3, 4, random);
    const scaled = a.map((row, i) => row.map((x) => x * (i + 1) * 10));
    const [l1, l2] = tf.tidy(() => [contrastiveLoss(tf.tensor2d(a), tf.tensor2d(b)).dataSync()[0], contrastiveLoss(tf.tensor2d(scaled), tf.tensor2d(b)).dataSync()[0]]);
    expect(l2).toBeCloseTo(l1, 4);
  });

  it('lowers under a few gradient steps on free embeddings, and leaks no tensors', () => {
    const random = new Random(1);
    const a = tf.variable(tf.tensor2d(randomMatrix(6, 4, random)));
    const b = tf.variable(tf.tensor2d(randomMatrix(6, 4, random)));
    const optimizer = tf.train.sgd(0.05);
    const lossOf = () => contrastiveLoss(a, b, { temperature: 0.2 });
    const first = tf.tidy(() => lossOf().dataSync()[0]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) optimizer.minimize(lossOf, true)?.dispose();
    const last = tf.tidy(() => lossOf().dataSync()[0]);
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.8);
    tf.dispose([a, b]);
    optimizer.dispose();
  });

  it('names bad arguments', () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    const y = tf.zeros([2, 2]) as tf.Tensor2D;
    const one = tf.zeros([1, 2]) as tf.Tensor2D;
    expect(() => contrastiveLoss(x, y)).toThrow('expected two (B, d) matrices of the same shape, got [3,2] and [2,2]');
    expect(() => contrastiveLoss(one, one)).toThrow('expected at least 2 rows (in-batch negatives), got 1');
    expect(() => contrastiveLoss(x, x, { temperature: 0 })).toThrow('expected a temperature > 0, got 0');
    tf.dispose([x, y, one]);
  });
});
