import { bestWordWindow, collapseWhitespace, questionTerms, splitSentences, termOverlap, termWeights, weightedOverlap } from './sentenceSelection';

describe('splitSentences', () => {
  it('splits after . ! ? before a capital, digit or opening quote, and keeps the text', () => {
    const text = 'The game was played in 2016. It drew 71,088 fans!  "Golden" themes ran\nthroughout. (Notably) so. Was it 50? 50 it was.';
    const sentences = splitSentences(text);
    expect(sentences).toEqual(['The game was played in 2016.', 'It drew 71,088 fans!', '"Golden" themes ran throughout.', '(Notably) so.', 'Was it 50?', '50 it was.']);
    expect(sentences.join(' ')).toBe(collapseWhitespace(text));
  });

  it('does not split inside numbers or before lower case, and gives nothing for blank text', () => {
    expect(splitSentences('It cost 3.5 million. the end.')).toEqual(['It cost 3.5 million. the end.']);
    expect(splitSentences(' \n ')).toEqual([]);
  });
});

describe('question terms', () => {
  it('drops stop words and question words, and stems, so "founded" meets "founding"', () => {
    expect([...questionTerms('When was the University of Chicago founded?')].sort()).toEqual(['chicago', 'found', 'univers']);
    expect(termOverlap('The founding of the university in Chicago', questionTerms('When was the University of Chicago founded?'))).toBe(3);
    expect(questionTerms('How many did they have?').size).toBe(0); // only stop and question words
  });
});

describe('termWeights', () => {
  it('weighs each question term by ln(1 + N / sentences holding it)', () => {
    const sentences = ['The Panthers won.', 'The Panthers lose in Denver.', 'Panthers fans cheered.', 'Rain fell.'];
    const weights = termWeights(questionTerms('Where did the Panthers lose?'), sentences);
    expect([...weights.keys()].sort()).toEqual(['lose', 'panther']);
    expect(weights.get('panther')).toBeCloseTo(Math.log(1 + 4 / 3), 10);
    expect(weights.get('lose')).toBeCloseTo(Math.log(1 + 4 / 1), 10);
    // The sentence with the rare term wins over the ones with only the topic.
    const scores = sentences.map((s) => weightedOverlap(s, weights));
    expect(scores.indexOf(Math.max(...scores))).toBe(1);
    expect(weightedOverlap('Rain fell.', weights)).toBe(0);
  });

  it('gives an unseen term the largest weight, ln(1 + N)', () => {
    expect(termWeights(new Set(['zebra']), ['a b.', 'c d.']).get('zebra')).toBeCloseTo(Math.log(3), 10);
  });
});

describe('bestWordWindow', () => {
  it('finds the window of words with the highest weighted overlap', () => {
    const words = 'one two lighthouse keeper three four keeper'.split(' ');
    const weights = termWeights(questionTerms('lighthouse keeper'), ['one two lighthouse keeper three four keeper']);
    expect(bestWordWindow(words, weights, 2)).toEqual([2, 4]);
    expect(bestWordWindow(words, weights, 1)).toEqual([2, 3]);
    expect(bestWordWindow(words, weights, 50)).toEqual([0, 7]);
  });
});
