import { exactMatch, normalizeAnswer, scoreAnswers, tokenF1 } from './answerMetrics';

describe('SQuAD answer metrics', () => {
  it('normalises like the official script', () => {
    expect(normalizeAnswer('The  Denver Broncos!')).toBe('denver broncos');
    expect(normalizeAnswer('an apple, a pear & THE plum.')).toBe('apple pear plum');
    expect(normalizeAnswer("Tesla's A.C. motor")).toBe('teslas ac motor');
    expect(normalizeAnswer('theatre anthem')).toBe('theatre anthem'); // articles only as whole words
    expect(normalizeAnswer('“curly” – dash')).toBe('“curly” – dash'); // non-ASCII punctuation stays, as in the script
  });

  it('exact match is the maximum over the answers', () => {
    expect(exactMatch('Denver Broncos', ['Carolina Panthers', 'the Denver Broncos'])).toBe(1);
    expect(exactMatch('Broncos', ['Denver Broncos'])).toBe(0);
  });

  it('token F1 matches hand-computed values', () => {
    // pred {denver, broncos, won}, gold {denver, broncos}: P = 2/3, R = 1, F1 = 0.8
    expect(tokenF1('Denver Broncos won', ['Denver Broncos'])).toBeCloseTo(0.8, 12);
    // Bags, not sets: pred {a1, a1, b}, gold {a1, b, b}: common = 2, P = R = 2/3
    expect(tokenF1('x x y', ['x y y'])).toBeCloseTo(2 / 3, 12);
    // Maximum over answers.
    expect(tokenF1('308 points', ['308', 'just 308 points'])).toBeCloseTo(Math.max(2 / 3, 0.8), 12);
    expect(tokenF1('nothing shared', ['308'])).toBe(0);
    // Both empty after normalisation: a match; only one empty: none.
    expect(tokenF1('the', ['a'])).toBe(1);
    expect(tokenF1('', ['308'])).toBe(0);
  });

  it('averages over predictions', () => {
    const scores = scoreAnswers([
      { prediction: 'Denver Broncos', answers: ['Denver Broncos'] },
      { prediction: 'Denver Broncos won', answers: ['Denver Broncos'] },
    ]);
    expect(scores.exactMatch).toBe(0.5);
    expect(scores.f1).toBeCloseTo(0.9, 12);
    expect(scores.count).toBe(2);
    expect(() => scoreAnswers([])).toThrow('expected at least one prediction');
    expect(() => exactMatch('x', [])).toThrow('expected at least one reference answer');
  });
});
