import { accuracy, f1Score, precision, recall } from './classificationMetrics';
import { confusionMatrix } from './confusionMatrix';
import { rocAuc } from './rocAuc';

/** Every metric of a classifier on one labelled set. */
export interface ClassificationReport {
  /** Number of examples. */
  count: number;
  accuracy: number;
  /** Of class 1 for two classes; the macro average (mean over classes) for more. */
  precision: number;
  recall: number;
  f1: number;
  /** How precision, recall and F1 were taken. */
  average: 'binary' | 'macro';
  /** Area under the ROC curve of P(label 1) (binary only); null for more classes or when one class is absent. */
  rocAuc: number | null;
  /** `confusionMatrix[actual][predicted]`. */
  confusionMatrix: number[][];
}

/** Inputs of {@link classificationReport}. */
export interface ClassificationReportInput {
  /** True class ids. */
  labels: ArrayLike<number>;
  /** Predicted class ids. */
  predictions: ArrayLike<number>;
  /** P(label 1) per example, for ROC-AUC (binary only). */
  scores?: ArrayLike<number>;
  /** Default 2 (binary, positive class 1). */
  numClasses?: number;
}

/** Accuracy, precision, recall, F1, ROC-AUC and the confusion matrix in one record. */
export function classificationReport(input: ClassificationReportInput): ClassificationReport {
  const numClasses = input.numClasses ?? 2;
  const { labels, predictions } = input;
  const average = numClasses === 2 ? 'binary' : 'macro';
  const options = { average, numClasses } as const;
  let auc: number | null = null;
  if (numClasses === 2 && input.scores !== undefined) {
    const classes = new Set(Array.from(labels));
    if (classes.size === 2) auc = rocAuc(labels, input.scores);
  }
  return {
    count: labels.length,
    accuracy: accuracy(labels, predictions),
    precision: precision(labels, predictions, options),
    recall: recall(labels, predictions, options),
    f1: f1Score(labels, predictions, options),
    average,
    rocAuc: auc,
    confusionMatrix: confusionMatrix(labels, predictions, numClasses),
  };
}

/**
 * The report as aligned text lines:
 *
 *     examples   1000
 *     accuracy   0.7560
 *     ...
 *     confusion  actual \ predicted   negative  positive
 *                negative                  377       123
 */
export function formatClassificationReport(report: ClassificationReport, classNames?: readonly string[] | null): string {
  const n = report.confusionMatrix.length;
  const names = classNames && classNames.length === n ? classNames : Array.from({ length: n }, (_, i) => String(i));
  const averaged = report.average === 'macro' ? ' (macro)' : '';
  const lines = [
    `examples   ${report.count}`,
    `accuracy   ${report.accuracy.toFixed(4)}`,
    `precision  ${report.precision.toFixed(4)}${averaged}`,
    `recall     ${report.recall.toFixed(4)}${averaged}`,
    `f1         ${report.f1.toFixed(4)}${averaged}`,
  ];
  if (report.rocAuc !== null) lines.push(`roc_auc    ${report.rocAuc.toFixed(4)}`);
  const head = 'actual \\ predicted';
  const width = Math.max(head.length, ...names.map((s) => s.length));
  const cell = Math.max(6, ...names.map((s) => s.length), ...report.confusionMatrix.flat().map((v) => String(v).length));
  lines.push(`confusion  ${head.padEnd(width)}  ${names.map((s) => s.padStart(cell)).join('  ')}`);
  report.confusionMatrix.forEach((row, i) => {
    lines.push(`           ${names[i].padEnd(width)}  ${row.map((v) => String(v).padStart(cell)).join('  ')}`);
  });
  return lines.join('\n');
}
