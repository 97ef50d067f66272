import { batchIndices } from './batchIndices';

describe('batchIndices', () => {
  test('covers 0..n-1 once per epoch in batches of batchSize', () => {
    const batches = [...batchIndices(7, 3, { seed: 2 })].map((b) => Array.from(b));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...batchIndices(0, 3)]).toEqual([]);
    expect(() => [...batchIndices(3, 0)]).toThrow('expected batchSize >= 1, got 0');
  });
});

describe('batchIndices order', () => {
  test('file order without a seed; the same seed repeats the epoch; dropLast drops the short batch', () => {
    expect([...batchIndices(5, 2)].map((b) => Array.from(b))).toEqual([[0, 1], [2, 3], [4]]);
    const a = [...batchIndices(20, 4, { seed: 8 })].map((b) => Array.from(b));
    expect([...batchIndices(20, 4, { seed: 8 })].map((b) => Array.from(b))).toEqual(a);
    expect([...batchIndices(20, 4, { seed: 9 })].map((b) => Array.from(b))).not.toEqual(a);
    expect([...batchIndices(5, 2, { dropLast: true })].map((b) => b.length)).toEqual([2, 2]);
  });
});
