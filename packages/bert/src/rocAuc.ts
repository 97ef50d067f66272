import { checkPairs } from './confusionMatrix';

/**
 * Area under the ROC curve of scores for binary labels (1 = positive): the probability
 * that a random positive scores above a random negative, ties counting one half. Computed
 * exactly from ranks (the Mann–Whitney U statistic): tied scores share the average of
 * their ranks, which is the same as drawing the ROC curve's diagonal through a tie.
 *
 * Throws when the labels hold only one class, where the area is undefined.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAuc([0, 1], [0.5, 0.5]);                  // 0.5
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkPairs(labels, scores, 'scores');
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`rocAuc expects binary labels 0 or 1, got ${labels[i]} at index ${i}`);
    if (Number.isNaN(scores[i])) throw new Error(`rocAuc: score at index ${i} is NaN`);
    positives += labels[i];
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(`ROC-AUC is undefined when the labels hold one class only (${positives} positives, ${negatives} negatives)`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Sum of the (1-based, tie-averaged) ranks of the positives.
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) if (labels[order[k]] === 1) positiveRankSum += averageRank;
    start = end;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}
