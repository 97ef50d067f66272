import { corpusChrf, formatChrf, sentenceChrf } from './chrf';
import { SACREBLEU_CORPUS } from './test-helpers/sacrebleuCorpus';

describe('corpusChrf', () => {
  it('scores a perfect match 100', () => {
    expect(corpusChrf(['The cat sat on the mat.'], [['The cat sat on the mat.']]).score).toBeCloseTo(100, 10);
  });

  it('computes a small case by hand', () => {
    // hyp "cat", ref "cart":
    //   n=1: hyp c,a,t (3); ref c,a,r,t (4); 3 match → P 1,   R 3/4
    //   n=2: hyp ca,at (2); ref ca,ar,rt (3); 1 match → P 1/2, R 1/3
    //   n=3: hyp cat (1);   ref car,art (2);  0 match → P 0,   R 0
    //   n=4: the hypothesis has no 4-gram, n=5,6: neither has any → left out.
    // Averages over 3 orders: P = 1/2, R = 13/36.
    // chrF2 = 5·P·R / (4·P + R) = (65/72) / (85/36) = 13/34
    const chrf = corpusChrf(['cat'], [['cart']]);
    expect(chrf.score).toBeCloseTo((100 * 13) / 34, 10);
    expect(chrf.name).toBe('chrF2');
    expect(chrf.statistics.slice(0, 4)).toEqual([
      { kind: 'char', n: 1, hypCount: 3, refCount: 4, matches: 3 },
      { kind: 'char', n: 2, hypCount: 2, refCount: 3, matches: 1 },
      { kind: 'char', n: 3, hypCount: 1, refCount: 2, matches: 0 },
      { kind: 'char', n: 4, hypCount: 0, refCount: 1, matches: 0 },
    ]);
    expect(formatChrf(chrf)).toBe('chrF2 = 38.24');
  });

  it('ignores whitespace by default', () => {
    expect(corpusChrf(['c a  t'], [['cart']]).score).toBeCloseTo((100 * 13) / 34, 10);
    // Keeping it: "c a t" shares only c, a, t, "a " and " a"... with "cart" — a lower score.
    expect(corpusChrf(['c a t'], [['cart']], { whitespace: true }).score).toBeLessThan((100 * 13) / 34);
  });

  it('sums counts over the corpus before averaging', () => {
    // Sentence A as above; sentence B "ab"/"ab": n=1 (2,2,2), n=2 (1,1,1), n≥3 nothing.
    // Sums: n=1 (5,6,5), n=2 (3,4,2), n=3 (1,2,0), n=4 (0,1,0) left out.
    // P = (1 + 2/3 + 0)/3 = 5/9, R = (5/6 + 1/2 + 0)/3 = 4/9
    // chrF2 = 5·(5/9)(4/9) / (4·5/9 + 4/9) = 25/54 — not the mean of 13/34 and 1.
    const chrf = corpusChrf(['cat', 'ab'], [['cart'], ['ab']]);
    expect(chrf.score).toBeCloseTo((100 * 25) / 54, 10);
  });

  it('uses the best-scoring reference of each sentence', () => {
    // "dog" shares nothing with "cat"; "cart" gives 13/34 as above.
    expect(corpusChrf(['cat'], [['dog', 'cart']]).score).toBeCloseTo((100 * 13) / 34, 10);
    expect(corpusChrf(['cat'], [['cart', 'dog', '']]).score).toBeCloseTo((100 * 13) / 34, 10);
    expect(corpusChrf(['cat'], [['dog']]).score).toBe(0);
  });

  it('weighs recall by beta', () => {
    // P = 1/2, R = 13/36: with beta = 1 the F-score is 2PR/(P + R) = (13/36)/(31/36) = 13/31.
    expect(corpusChrf(['cat'], [['cart']], { beta: 1 }).score).toBeCloseTo((100 * 13) / 31, 10);
    expect(corpusChrf(['cat'], [['cart']], { beta: 1 }).name).toBe('chrF1');
  });

  it('adds word n-grams for chrF++, splitting punctuation off words', () => {
    // "the cat sat." → words the, cat, sat, "." ; "the cat sat down." → the, cat, sat, down, "."
    // words n=1: 4/4 match, R 4/5; n=2: "the cat", "cat sat" of 3 / of 4.
    // chars "thecatsat." vs "thecatsatdown.": P = 10/10, 8/9, 7/8, 6/7, 5/6, 4/5;
    //                                         R = 10/14, 8/13, 7/12, 6/11, 5/10, 4/9.
    const chrf = corpusChrf(['the cat sat.'], [['the cat sat down.']], { wordOrder: 2 });
    expect(chrf.name).toBe('chrF2++');
    expect(chrf.statistics.slice(6)).toEqual([
      { kind: 'word', n: 1, hypCount: 4, refCount: 5, matches: 4 },
      { kind: 'word', n: 2, hypCount: 3, refCount: 4, matches: 2 },
    ]);
    const P = (1 + 8 / 9 + 7 / 8 + 6 / 7 + 5 / 6 + 4 / 5 + 1 + 2 / 3) / 8;
    const R = (10 / 14 + 8 / 13 + 7 / 12 + 6 / 11 + 5 / 10 + 4 / 9 + 4 / 5 + 2 / 4) / 8;
    expect(chrf.score).toBeCloseTo((100 * 5 * P * R) / (4 * P + R), 10);
    expect(chrf.score).toBeCloseTo(62.81, 2);
  });

  it('can average per-order F-scores with epsilon smoothing instead', () => {
    // Orders 1..6 of cat/cart: F(1, 3/4) = 15/16, F(1/2, 1/3) = 5/14, then four orders of ~0.
    const f = (p: number, r: number) => (5 * p * r) / (4 * p + r);
    const expected = (100 * (f(1, 3 / 4) + f(1 / 2, 1 / 3))) / 6;
    expect(corpusChrf(['cat'], [['cart']], { epsSmoothing: true }).score).toBeCloseTo(expected, 8);
  });

  it('counts characters as code points and lowercases on request', () => {
    // One emoji is one character, as in Python: "a😀" has 2 unigrams and 1 bigram.
    const chrf = corpusChrf(['a😀'], [['a😀']]);
    expect(chrf.statistics[0].hypCount).toBe(2);
    expect(chrf.statistics[1].hypCount).toBe(1);
    expect(corpusChrf(['CAT'], [['cat']]).score).toBe(0);
    expect(corpusChrf(['CAT'], [['cat']], { lowercase: true }).score).toBeCloseTo(100, 10);
  });

  it('matches sacrebleu 2.6.0 on a small mixed corpus', () => {
    expect(corpusChrf(SACREBLEU_CORPUS.hypotheses, SACREBLEU_CORPUS.references).score).toBeCloseTo(72.12641989038039, 10);
    expect(corpusChrf(SACREBLEU_CORPUS.hypotheses, SACREBLEU_CORPUS.references, { wordOrder: 2 }).score).toBeCloseTo(71.22553667786636, 10);
  });

  it('rejects bad input with messages naming the problem', () => {
    expect(() => corpusChrf(['a'], [['a'], ['b']])).toThrow('chrF: expected one list of references per hypothesis, got 1 hypotheses and 2 reference lists');
    expect(() => corpusChrf(['a'], [['']])).toThrow('chrF: sentence 0 has no references');
    expect(() => corpusChrf(['a'], [['a']], { charOrder: 0, wordOrder: 0 })).toThrow('expected charOrder + wordOrder >= 1');
    expect(() => corpusChrf(['a'], [['a']], { charOrder: 2.5 })).toThrow('expected charOrder to be an integer >= 0, got 2.5');
  });

  it('scores an empty hypothesis 0', () => {
    expect(corpusChrf([''], [['abc']]).score).toBe(0);
  });
});

describe('sentenceChrf', () => {
  it('scores one sentence against one or several references', () => {
    expect(sentenceChrf('cat', 'cart').score).toBeCloseTo((100 * 13) / 34, 10);
    expect(sentenceChrf('cat', ['dog', 'cat']).score).toBeCloseTo(100, 10);
  });
});
