import { Random } from '@tfzoo/data';
import { argMax, sampleToken } from './sampleToken';

describe('sampleToken', () => {
  const logits = [0, 2, 1, -1];

  it('is greedy at temperature 0', () => {
    expect(sampleToken(logits, { temperature: 0 }, new Random(1))).toBe(1);
    expect(argMax([3, 5, 5])).toBe(1);
  });

  it('draws from softmax(logits / T): frequencies match the probabilities', () => {
    const rng = new Random(2);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleToken(logits, { temperature: 1 }, rng)]++;
    const z = logits.reduce((s, v) => s + Math.exp(v), 0);
    logits.forEach((v, i) => expect(counts[i] / n).toBeCloseTo(Math.exp(v) / z, 1));
  });

  it('keeps to the top k', () => {
    const rng = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(sampleToken(logits, { topK: 2 }, rng));
    expect([...seen].sort()).toEqual([1, 2]);
  });

  it('rejects a negative temperature and a bad topK', () => {
    expect(() => sampleToken(logits, { temperature: -1 }, new Random(1))).toThrow('expected temperature >= 0, got -1');
    expect(() => sampleToken(logits, { topK: 0 }, new Random(1))).toThrow('expected topK to be a positive integer, got 0');
  });
});
