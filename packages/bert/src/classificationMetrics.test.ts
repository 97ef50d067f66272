import { accuracy, f1Score, precision, recall } from './classificationMetrics';

// Hand-computed case: labels and predictions of 10 examples.
//   actual 1: predicted 1 ×3 (tp), predicted 0 ×1 (fn)
//   actual 0: predicted 1 ×2 (fp), predicted 0 ×4 (tn)
const labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const predictions = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];

describe('binary metrics', () => {
  it('match the hand-computed counts tp 3, fp 2, fn 1, tn 4', () => {
    expect(accuracy(labels, predictions)).toBeCloseTo(7 / 10, 12);
    expect(precision(labels, predictions)).toBeCloseTo(3 / 5, 12);
    expect(recall(labels, predictions)).toBeCloseTo(3 / 4, 12);
    // 2·P·R/(P+R) = 2·0.6·0.75/1.35 = 2/3 = 2·3/(2·3+2+1)
    expect(f1Score(labels, predictions)).toBeCloseTo(2 / 3, 12);
  });

  it('take another positive class on request', () => {
    // class 0 as positive: tp 4, fp 1, fn 2
    expect(precision(labels, predictions, { positive: 0 })).toBeCloseTo(4 / 5, 12);
    expect(recall(labels, predictions, { positive: 0 })).toBeCloseTo(4 / 6, 12);
    expect(f1Score(labels, predictions, { positive: 0 })).toBeCloseTo(8 / 11, 12);
  });

  it('give 0 rather than NaN when nothing is predicted or present', () => {
    expect(precision([1, 0], [0, 0])).toBe(0);
    expect(recall([0, 0], [1, 0])).toBe(0);
    expect(f1Score([0, 0], [0, 0])).toBe(0);
    expect(accuracy([0, 0], [0, 0])).toBe(1);
  });

  it('reject mismatched or empty inputs', () => {
    expect(() => accuracy([1, 0], [1])).toThrow('2 labels, 1 predictions');
    expect(() => accuracy([], [])).toThrow('expected at least one example');
    expect(() => precision([0], [1], { average: 'micro' as 'macro' })).toThrow(`expected average 'binary' or 'macro', got "micro"`);
  });
});

describe('macro-averaged metrics', () => {
  // Three classes; confusion [[2, 1, 0], [0, 1, 1], [1, 0, 2]] (rows actual, columns predicted).
  const y = [0, 0, 0, 1, 1, 2, 2, 2];
  const p = [0, 0, 1, 1, 2, 2, 2, 0];
  it('average the per-class scores', () => {
    // precision per class: 2/3, 1/2, 2/3; recall: 2/3, 1/2, 2/3; f1: 2/3, 1/2, 2/3
    expect(precision(y, p, { average: 'macro' })).toBeCloseTo((2 / 3 + 1 / 2 + 2 / 3) / 3, 12);
    expect(recall(y, p, { average: 'macro' })).toBeCloseTo((2 / 3 + 1 / 2 + 2 / 3) / 3, 12);
    expect(f1Score(y, p, { average: 'macro' })).toBeCloseTo((2 / 3 + 1 / 2 + 2 / 3) / 3, 12);
    expect(accuracy(y, p)).toBeCloseTo(5 / 8, 12);
  });

  it('count an absent class as scoring 0 when numClasses includes it', () => {
    // class 2 never occurs or is predicted: precision 1, 1, 0 → 2/3
    expect(precision([0, 1], [0, 1], { average: 'macro', numClasses: 3 })).toBeCloseTo(2 / 3, 12);
  });
});
