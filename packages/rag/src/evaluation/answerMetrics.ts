// ASCII punctuation, as Python's string.punctuation in the official SQuAD v1.1 script;
// kept ASCII-only so scores compare with published ones.
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ARTICLES = /\b(a|an|the)\b/g;

/**
 * SQuAD answer normalisation (the official evaluation script's `normalize_answer`):
 * lowercase, remove ASCII punctuation, remove the articles a/an/the, collapse whitespace.
 *
 * @example
 * normalizeAnswer('The  Denver Broncos!') // 'denver broncos'
 */
export function normalizeAnswer(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, '').replace(ARTICLES, ' ').split(/\s+/).filter((w) => w.length > 0).join(' ');
}

/** 1 if the normalised prediction equals some normalised answer, else 0. */
export function exactMatch(prediction: string, answers: readonly string[]): number {
  checkAnswers(answers);
  const p = normalizeAnswer(prediction);
  return answers.some((a) => normalizeAnswer(a) === p) ? 1 : 0;
}

/**
 * Token-overlap F1 between the normalised prediction and each answer, maximised over
 * the answers (SQuAD). Tokens are compared as bags (counts matter). When the prediction
 * or an answer normalises to nothing, that pair scores 1 if both do, else 0 (the SQuAD
 * v2 script's rule; v1.1 gave 0 even for two empty strings).
 */
export function tokenF1(prediction: string, answers: readonly string[]): number {
  checkAnswers(answers);
  const predicted = tokensOf(prediction);
  return Math.max(...answers.map((a) => pairF1(predicted, tokensOf(a))));
}

/** Mean exact match and F1 over predictions, each in [0, 1]. */
export interface AnswerScores {
  exactMatch: number;
  f1: number;
  count: number;
}

/** Averages {@link exactMatch} and {@link tokenF1} over `{ prediction, answers }` pairs. */
export function scoreAnswers(items: ReadonlyArray<{ prediction: string; answers: readonly string[] }>): AnswerScores {
  if (items.length === 0) throw new Error('expected at least one prediction to score, got none');
  let em = 0;
  let f1 = 0;
  for (const { prediction, answers } of items) {
    em += exactMatch(prediction, answers);
    f1 += tokenF1(prediction, answers);
  }
  return { exactMatch: em / items.length, f1: f1 / items.length, count: items.length };
}

function tokensOf(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized.length === 0 ? [] : normalized.split(' ');
}

function pairF1(predicted: readonly string[], gold: readonly string[]): number {
  if (predicted.length === 0 || gold.length === 0) return predicted.length === gold.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of predicted) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

function checkAnswers(answers: readonly string[]): void {
  if (answers.length === 0) throw new Error('expected at least one reference answer, got none');
}
