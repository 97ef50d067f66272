/**
 * Checks that every label is a class id the classifier has: 0 or 1 for a binary
 * classifier, an integer in [0, numClasses) otherwise. The error names the first bad
 * label, where it is, and what was expected.
 */
export function checkClassLabels(labels: ArrayLike<number>, numClasses: number, set: string): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (Number.isInteger(v) && v >= 0 && v < numClasses) continue;
    const expected = numClasses === 2 ? 'labels 0 or 1 for a binary classifier' : `class ids in [0, ${numClasses})`;
    throw new Error(`${set} example ${i}: expected ${expected}, got ${JSON.stringify(v)}`);
  }
}
