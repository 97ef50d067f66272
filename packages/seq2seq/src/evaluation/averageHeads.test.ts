import { averageHeads } from './averageHeads';

describe('averageHeads', () => {
  it('averages element-wise over heads', () => {
    const heads = [
      [
        [1, 0],
        [0.5, 0.5],
      ],
      [
        [0, 1],
        [0.25, 0.75],
      ],
    ];
    expect(averageHeads(heads)).toEqual([
      [0.5, 0.5],
      [0.375, 0.625],
    ]);
  });

  it('keeps rows that sum to 1 summing to 1, and accepts typed-array rows', () => {
    const heads = [0, 1, 2].map((h) => [0, 1, 2].map((t) => Float32Array.from([h + t + 1, 1, 2]).map((v, _, a) => v / (a[0] + a[1] + a[2]))));
    const mean = averageHeads(heads);
    expect(mean).toHaveLength(3);
    for (const row of mean) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('rejects no heads and heads of different shapes', () => {
    expect(() => averageHeads([])).toThrow('with at least one head, got none');
    expect(() => averageHeads([[[1, 2]], [[1, 2], [3, 4]]])).toThrow('expected 1 rows in every head (as head 0 has), got 2 in head 1');
    expect(() => averageHeads([[[1, 2]], [[1, 2, 3]]])).toThrow('expected 2 columns in every row (as head 0 has), got 3 in head 1, row 0');
  });
});
