/**
 * The confusion matrix of class-id predictions: `m[actual][predicted]` counts the
 * examples of class `actual` predicted as `predicted`, for classes 0 … numClasses−1
 * (default: one more than the largest id seen). Rows sum to the class sizes.
 *
 * @example
 * confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1]); // [[1, 1], [0, 2]]
 */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses?: number): number[][] {
  checkPairs(labels, predictions);
  let n = numClasses ?? 0;
  if (numClasses === undefined) for (let i = 0; i < labels.length; i++) n = Math.max(n, labels[i] + 1, predictions[i] + 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected numClasses to be an integer >= 1, got ${numClasses}`);
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < labels.length; i++) {
    checkClassId('label', labels[i], i, n);
    checkClassId('prediction', predictions[i], i, n);
    m[labels[i]][predictions[i]]++;
  }
  return m;
}

/** Labels and predictions must pair up one to one. */
export function checkPairs(labels: ArrayLike<number>, predictions: ArrayLike<number>, what = 'predictions'): void {
  if (labels.length !== predictions.length) throw new Error(`expected one of the ${what} per label: ${labels.length} labels, ${predictions.length} ${what}`);
  if (labels.length === 0) throw new Error('expected at least one example, got none');
}

function checkClassId(what: string, value: number, index: number, n: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= n) throw new Error(`expected ${what}s to be class ids in [0, ${n}), got ${value} at index ${index}`);
}
