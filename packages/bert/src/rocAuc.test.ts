import { rocAuc } from './rocAuc';

/** The pair-counting definition: P(score of a positive > score of a negative), ties ½. */
function naiveAuc(labels: number[], scores: number[]): number {
  let sum = 0;
  let pairs = 0;
  labels.forEach((yi, i) => {
    if (yi !== 1) return;
    labels.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      sum += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return sum / pairs;
}

describe('rocAuc', () => {
  it('matches hand-computed areas', () => {
    // scikit-learn's documented example.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
  });

  it('counts ties as one half (average ranks)', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // Pairs (positive, negative): (0.5, 0.2) 1, (0.5, 0.5) ½, (0.9, 0.2) 1, (0.9, 0.5) 1 → 3.5 / 4
    expect(rocAuc([0, 0, 1, 1], [0.2, 0.5, 0.5, 0.9])).toBeCloseTo(0.875, 12);
    // A tie group of three straddling both classes: ranks 2, 3, 4 all become 3.
    // Pairs: (0.4 vs 0.1) 1, (0.4 vs 0.4) ½ ×2, (0.8 vs all) 1 ×3 → (1 + 1 + 3) / 6
    expect(rocAuc([0, 0, 0, 1, 1], [0.1, 0.4, 0.4, 0.4, 0.8])).toBeCloseTo(5 / 6, 12);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(next() * 40);
      const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : next() < 0.4 ? 1 : 0));
      const scores = labels.map(() => Math.round(next() * 5) / 5); // six distinct values: ties everywhere
      expect(rocAuc(labels, scores)).toBeCloseTo(naiveAuc(labels, scores), 12);
    }
  });

  it('rejects one-class labels, non-binary labels and NaN scores', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow('undefined when the labels hold one class only (2 positives, 0 negatives)');
    expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow('binary labels 0 or 1, got 2 at index 1');
    expect(() => rocAuc([0, 1], [0.2, NaN])).toThrow('score at index 1 is NaN');
  });
});
