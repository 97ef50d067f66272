import { classificationReport, formatClassificationReport } from './classificationReport';

describe('classificationReport', () => {
  it('gathers every binary metric', () => {
    const report = classificationReport({
      labels: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
      predictions: [1, 1, 1, 0, 1, 1, 0, 0, 0, 0],
      scores: [0.9, 0.8, 0.7, 0.3, 0.6, 0.55, 0.4, 0.2, 0.1, 0.3],
    });
    expect(report).toMatchObject({ count: 10, accuracy: 0.7, precision: 0.6, recall: 0.75, average: 'binary', confusionMatrix: [[4, 2], [1, 3]] });
    expect(report.f1).toBeCloseTo(2 / 3, 12);
    // Positive scores 0.9 0.8 0.7 0.3 against negatives 0.6 0.55 0.4 0.2 0.1 0.3:
    // 0.9, 0.8, 0.7 beat all 6 (18); 0.3 beats 0.2, 0.1 and ties 0.3 (2.5) → 20.5 / 24
    expect(report.rocAuc).toBeCloseTo(20.5 / 24, 12);
    const text = formatClassificationReport(report, ['neg', 'pos']);
    expect(text).toContain('accuracy   0.7000');
    expect(text).toContain('roc_auc    0.8542');
    expect(text).toMatch(/neg\s+4\s+2/);
  });

  it('macro-averages more classes and leaves ROC-AUC out', () => {
    const report = classificationReport({ labels: [0, 1, 2, 2], predictions: [0, 1, 2, 1], numClasses: 3 });
    expect(report.average).toBe('macro');
    expect(report.rocAuc).toBeNull();
    expect(formatClassificationReport(report)).toContain('f1         ');
  });

  it('leaves ROC-AUC out when one class is missing', () => {
    expect(classificationReport({ labels: [1, 1], predictions: [1, 0], scores: [0.9, 0.2] }).rocAuc).toBeNull();
  });
});
