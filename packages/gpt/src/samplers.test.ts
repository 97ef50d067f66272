import { Random } from '@tfzoo/data';
import { createSampler, samplerFor } from './createSampler';
import { GreedySampler } from './GreedySampler';
import { RandomSampler } from './RandomSampler';
import { drawIndex, softmaxAt } from './Sampler';
import { TopKSampler } from './TopKSampler';
import { TopPSampler } from './TopPSampler';

const LOGITS = Float32Array.from([1, 3, 0.5, 2.9, -1, 2]);
// softmax(LOGITS): [0.054, 0.399, 0.033, 0.361, 0.007, 0.147]

function frequencies(sample: (r: Random) => number, n = 20000, seed = 1): number[] {
  const counts = new Array<number>(LOGITS.length).fill(0);
  const random = new Random(seed);
  for (let i = 0; i < n; i++) counts[sample(random)]++;
  return counts.map((c) => c / n);
}

test('greedy takes the largest logit, skipping suppressed (−∞) ones', () => {
  expect(new GreedySampler().sample(LOGITS)).toBe(1);
  const suppressed = Float32Array.from(LOGITS);
  suppressed[1] = -Infinity;
  expect(new GreedySampler().sample(suppressed)).toBe(3);
});

test('random sampling draws each token with probability softmax(logits / T)', () => {
  for (const temperature of [1, 0.5]) {
    const expected = softmaxAt(LOGITS, temperature);
    const seen = frequencies((r) => new RandomSampler({ temperature }).sample(LOGITS, r));
    seen.forEach((f, i) => expect(Math.abs(f - expected[i])).toBeLessThan(0.015));
  }
});

test('top-k draws only the k most likely, in proportion to their probabilities', () => {
  const seen = frequencies((r) => new TopKSampler({ k: 2 }).sample(LOGITS, r));
  expect(seen[0] + seen[2] + seen[4] + seen[5]).toBe(0);
  const p1 = Math.exp(3) / (Math.exp(3) + Math.exp(2.9));
  expect(Math.abs(seen[1] - p1)).toBeLessThan(0.015);
  expect(frequencies((r) => new TopKSampler({ k: 1 }).sample(LOGITS, r), 200)[1]).toBe(1);
});

test('top-p draws from the smallest set holding probability p', () => {
  // Sorted probabilities 0.399 (id 1), 0.361 (id 3), 0.147 (id 5), …: p = 0.7 needs ids 1 and 3 (0.759); p = 0.76 adds 5.
  expect(frequencies((r) => new TopPSampler({ p: 0.7 }).sample(LOGITS, r)).map((f) => f > 0)).toEqual([false, true, false, true, false, false]);
  expect(frequencies((r) => new TopPSampler({ p: 0.76 }).sample(LOGITS, r)).map((f) => f > 0)).toEqual([false, true, false, true, false, true]);
  // A tiny p keeps only the most likely token.
  expect(frequencies((r) => new TopPSampler({ p: 0.01 }).sample(LOGITS, r), 100)[1]).toBe(1);
  // k pre-limits the candidates.
  expect(frequencies((r) => new TopPSampler({ p: 1, k: 2 }).sample(LOGITS, r)).map((f) => f > 0)).toEqual([false, true, false, true, false, false]);
});

test('a seed reproduces the same draws', () => {
  const draw = (seed: number) => frequencies((r) => new TopKSampler({ k: 4, temperature: 1.5 }).sample(LOGITS, r), 50, seed);
  expect(draw(3)).toEqual(draw(3));
});

test('samplers are chosen by name or by generation options', () => {
  expect(createSampler('greedy')).toBeInstanceOf(GreedySampler);
  expect(createSampler('top-k', { topK: 3 })).toMatchObject({ name: 'top-k', k: 3, temperature: 1 });
  expect(createSampler('top-p', { topP: 0.9, temperature: 0.7 })).toMatchObject({ name: 'top-p', p: 0.9, temperature: 0.7, k: null });
  expect(samplerFor({ greedy: true, topK: 5 })).toBeInstanceOf(GreedySampler);
  expect(samplerFor({ temperature: 0 })).toBeInstanceOf(GreedySampler);
  expect(samplerFor({ topK: 5, topP: 0.9 })).toMatchObject({ name: 'top-p', k: 5 });
  expect(samplerFor({ topK: 5 })).toMatchObject({ name: 'top-k' });
  expect(samplerFor({ temperature: 0.8 })).toMatchObject({ name: 'random', temperature: 0.8 });
  expect(() => createSampler('beam' as never)).toThrow(`unknown sampler "beam"; expected one of 'greedy', 'random', 'top-k', 'top-p'`);
  expect(() => createSampler('top-k')).toThrow("the 'top-k' sampler needs topK");
});

test('bad settings are named', () => {
  expect(() => new RandomSampler({ temperature: -1 })).toThrow('expected temperature to be a positive number (use greedy decoding for temperature 0), got -1');
  expect(() => new TopKSampler({ k: 0 })).toThrow('expected topK to be a positive integer, got 0');
  expect(() => new TopPSampler({ p: 1.5 })).toThrow('expected topP in (0, 1], got 1.5');
  expect(() => new RandomSampler().sample(Float32Array.from([-Infinity, -Infinity]), new Random(1))).toThrow('every token is suppressed');
  expect(() => new GreedySampler().sample(Float32Array.from([0, NaN]))).toThrow('the logits contain NaN');
});

test('drawIndex never returns an impossible index, even when rounding leaves the total under 1', () => {
  expect(drawIndex([0.3, 0.3, 0.3999999, 0], { nextFloat: () => 0.99999999 })).toBe(2);
  expect(drawIndex([0, 1, 0], { nextFloat: () => 0 })).toBe(1);
});
