import { corpusBleu, formatBleu, sentenceBleu, BleuOptions } from './bleu';
import { SACREBLEU_CORPUS } from './test-helpers/sacrebleuCorpus';

/**
 * A direct transcription of Papineni et al. (2002), written independently of
 * the implementation: no smoothing, already-tokenized input, 4-grams.
 */
function naiveBleu(hyps: string[][], refs: string[][][]): number {
  let c = 0;
  let r = 0;
  const matched = [0, 0, 0, 0];
  const total = [0, 0, 0, 0];
  hyps.forEach((hyp, i) => {
    c += hyp.length;
    // Closest reference length, the shorter on a tie.
    const lens = refs[i].map((ref) => ref.length).sort((a, b) => a - b);
    r += lens.reduce((best, len) => (Math.abs(len - hyp.length) < Math.abs(best - hyp.length) ? len : best), lens[0]);
    for (let n = 1; n <= 4; n++) {
      const grams = (ws: string[]) => ws.slice(0, Math.max(0, ws.length - n + 1)).map((_, k) => ws.slice(k, k + n).join(' '));
      const hypGrams = grams(hyp);
      total[n - 1] += hypGrams.length;
      for (const g of new Set(hypGrams)) {
        const count = hypGrams.filter((x) => x === g).length;
        const maxRef = Math.max(...refs[i].map((ref) => grams(ref).filter((x) => x === g).length));
        matched[n - 1] += Math.min(count, maxRef);
      }
    }
  });
  if (matched.some((m) => m === 0)) return 0;
  const logMean = matched.reduce((s, m, k) => s + Math.log(m / total[k]), 0) / 4;
  const bp = c < r ? Math.exp(1 - r / c) : 1;
  return 100 * bp * Math.exp(logMean);
}

/** Deterministic pseudo-random numbers (mulberry32) for generated corpora. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Papineni et al. 2002, Example 1 (section 2.1). Lowercased, without the final period.
const candidate1 = 'It is a guide to action which ensures that the military always obeys the commands of the party';
const candidate2 = 'It is to insure the troops forever hearing the activity guidebook that party direct';
const paperRefs = [
  'It is a guide to action that ensures that the military will forever heed Party commands',
  'It is the guiding principle which guarantees the military forces always being under the command of the Party',
  'It is the practical guide for the army always to heed the directions of the party',
];
const plain: BleuOptions = { tokenize: 'none', lowercase: true, smoothing: 'none' };

describe('corpusBleu', () => {
  it('scores a perfect match 100', () => {
    const bleu = corpusBleu(['The cat sat on the mat.', 'Hello there, general Kenobi!'], [['The cat sat on the mat.'], ['Hello there, general Kenobi!']]);
    expect(bleu.score).toBeCloseTo(100, 10);
    expect(bleu.precisions).toEqual([100, 100, 100, 100]);
    expect(bleu.brevityPenalty).toBe(1);
  });

  it("reproduces the paper's candidate 1: precisions 17/18, 10/17, 7/16, 4/15", () => {
    // Unigrams: every word but "obeys" is in some reference; "the" appears 3 times
    // and reference 2 allows 4, so 17/18 (the paper's figure).
    // Bigrams (17): it is, is a, a guide, guide to, to action, ensures that, that the,
    // the military, of the, the party match: 10/17 (the paper's figure).
    // Trigrams (16): it is a, is a guide, a guide to, guide to action, ensures that the,
    // that the military, of the party: 7/16.
    // 4-grams (15): it is a guide, is a guide to, a guide to action, ensures that the military: 4/15.
    // Lengths: 18 against references of 16, 18, 16 → r = 18, BP = 1.
    // BLEU = (17/18 · 10/17 · 7/16 · 4/15)^(1/4) = (4760/73440)^(1/4) = 0.504567
    const bleu = corpusBleu([candidate1], [paperRefs], plain);
    expect(bleu.counts).toEqual([17, 10, 7, 4]);
    expect(bleu.totals).toEqual([18, 17, 16, 15]);
    expect(bleu.hypLength).toBe(18);
    expect(bleu.refLength).toBe(18);
    expect(bleu.score).toBeCloseTo(100 * Math.pow(4760 / 73440, 0.25), 10);
    expect(bleu.score).toBeCloseTo(50.4567, 3);
  });

  it('sums statistics over the corpus before taking precisions (the paper\'s two candidates)', () => {
    // Candidate 2: unigrams 8/14 (it, is, to, the, the, forever, that, party), bigrams 1/13
    // ("it is"), no trigram or 4-gram. Corpus: 25/32, 11/30, 7/28, 4/26.
    // Candidate 2 has 14 words; references 16, 18, 16 → closest 16. c = 32, r = 18 + 16 = 34.
    // BP = exp(1 − 34/32) = 0.939413; BLEU = BP · (7700/698880)^(1/4) = 30.4354
    const bleu = corpusBleu([candidate1, candidate2], [paperRefs, paperRefs], plain);
    expect(bleu.counts).toEqual([25, 11, 7, 4]);
    expect(bleu.totals).toEqual([32, 30, 28, 26]);
    expect(bleu.hypLength).toBe(32);
    expect(bleu.refLength).toBe(34);
    expect(bleu.brevityPenalty).toBeCloseTo(Math.exp(1 - 34 / 32), 12);
    expect(bleu.score).toBeCloseTo(100 * Math.exp(1 - 34 / 32) * Math.pow(7700 / 698880, 0.25), 10);
    expect(formatBleu(bleu)).toBe('BLEU = 30.44 78.1/36.7/25.0/15.4 (BP = 0.939 ratio = 0.941 hyp_len = 32 ref_len = 34)');
  });

  it('clips each n-gram at its largest count in any single reference', () => {
    // The paper's "the the the the the the the": reference 1 has "the" twice,
    // reference 2 once, so at most 2 of the 7 count: 2/7, not 3/7.
    const bleu = corpusBleu(['the the the the the the the'], [['The cat is on the mat', 'There is a cat on the mat']], plain);
    expect(bleu.counts).toEqual([2, 0, 0, 0]);
    expect(bleu.precisions[0]).toBeCloseTo((100 * 2) / 7, 10);
    expect(bleu.score).toBe(0);
  });

  it('uses the closest reference length for the brevity penalty', () => {
    // 5 words; references of 7 and 9 → r = 7, BP = exp(1 − 7/5); all precisions 1.
    const bleu = corpusBleu(['a b c d e'], [['a b c d e f g', 'a b c d e f g h i']]);
    expect(bleu.refLength).toBe(7);
    expect(bleu.brevityPenalty).toBeCloseTo(Math.exp(-0.4), 12);
    expect(bleu.score).toBeCloseTo(100 * Math.exp(-0.4), 10);
  });

  it('takes the shorter reference when two are equally close', () => {
    // 5 words; references of 3 and 7 are both 2 away → r = 3, so no penalty.
    // Every n-gram of "a b c d e" is in the 7-word reference: BLEU 100.
    const bleu = corpusBleu(['a b c d e'], [['a b c d e f g', 'a b c']]);
    expect(bleu.refLength).toBe(3);
    expect(bleu.brevityPenalty).toBe(1);
    expect(bleu.score).toBeCloseTo(100, 10);
  });

  it('is 0 when an order has no match, without smoothing', () => {
    // "the cat sat on the mat" vs "the cat is on the mat": 5/6, 3/5, 1/4, 0/3.
    const bleu = corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']], { smoothing: 'none' });
    expect(bleu.counts).toEqual([5, 3, 1, 0]);
    expect(bleu.totals).toEqual([6, 5, 4, 3]);
    expect(bleu.precisions[3]).toBe(0);
    expect(bleu.score).toBe(0);
  });

  it('is 0 when nothing matches, whatever the smoothing', () => {
    for (const smoothing of ['none', 'floor', 'add-k', 'exp'] as const) {
      const bleu = corpusBleu(['w x y z'], [['a b c d']], { smoothing });
      expect(bleu.score).toBe(0);
      expect(bleu.counts).toEqual([0, 0, 0, 0]);
    }
  });

  it("smooths zero-match orders with sacrebleu's methods", () => {
    // Same sentence pair as above: 5/6, 3/5, 1/4, 0/3.
    const hyp = ['the cat sat on the mat'];
    const ref = [['the cat is on the mat']];
    // exp: the first zero order gets 1/(2·3) → (5/6 · 3/5 · 1/4 · 1/6)^(1/4)
    expect(corpusBleu(hyp, ref).score).toBeCloseTo(100 * Math.pow((5 / 6) * (3 / 5) * (1 / 4) * (1 / 6), 0.25), 10);
    expect(corpusBleu(hyp, ref).score).toBeCloseTo(37.9918, 3);
    // floor: 0.1 matches instead of 0 → (5/6 · 3/5 · 1/4 · 0.1/3)^(1/4)
    expect(corpusBleu(hyp, ref, { smoothing: 'floor' }).score).toBeCloseTo(100 * Math.pow((5 / 6) * (3 / 5) * (1 / 4) * (0.1 / 3), 0.25), 10);
    // add-k, k = 1, orders 2..4 only → (5/6 · 4/6 · 2/5 · 1/4)^(1/4)
    const addOne = corpusBleu(hyp, ref, { smoothing: 'add-k' });
    expect(addOne.score).toBeCloseTo(100 * Math.pow((5 / 6) * (4 / 6) * (2 / 5) * (1 / 4), 0.25), 10);
    expect(addOne.counts).toEqual([5, 3, 1, 0]); // reported counts stay unsmoothed
    expect(corpusBleu(hyp, ref, { smoothing: 'add-k', smoothingValue: 2 }).score).toBeCloseTo(
      100 * Math.pow((5 / 6) * (5 / 7) * (3 / 6) * (2 / 5), 0.25),
      10,
    );
  });

  it('agrees with a naive transcription of the paper on generated corpora', () => {
    const rand = random(7);
    const vocab = ['a', 'b', 'c', 'd', 'e', 'f'];
    const word = () => vocab[Math.floor(rand() * vocab.length)];
    const sentence = () => Array.from({ length: 1 + Math.floor(rand() * 12) }, word);
    // A reference is a noisy copy of the hypothesis: some words replaced, dropped or added,
    // so that higher-order n-grams match often enough to give non-zero scores.
    const noisyCopy = (hyp: string[]) => {
      const copy = hyp.flatMap((w) => {
        const u = rand();
        return u < 0.1 ? [] : u < 0.2 ? [w, word()] : u < 0.3 ? [word()] : [w];
      });
      return copy.length > 0 ? copy : [word()];
    };
    let nonZero = 0;
    for (let trial = 0; trial < 40; trial++) {
      const size = 1 + Math.floor(rand() * 5);
      const hyps = Array.from({ length: size }, sentence);
      const refs = hyps.map((h) => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => noisyCopy(h)));
      const expected = naiveBleu(hyps, refs);
      const got = corpusBleu(
        hyps.map((h) => h.join(' ')),
        refs.map((rs) => rs.map((r) => r.join(' '))),
        { tokenize: 'none', smoothing: 'none' },
      );
      expect(got.score).toBeCloseTo(expected, 9);
      expect(got.score).toBeGreaterThanOrEqual(0);
      expect(got.score).toBeLessThanOrEqual(100 + 1e-9); // exp(log 100) may round up in the last bit, as in sacrebleu
      if (expected > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(10); // the comparison covered real scores, not only zeros
  });

  it('does not depend on the order of sentences or of references', () => {
    const hyps = [candidate1, candidate2, 'the cat sat on the mat'];
    const refs = [paperRefs, [...paperRefs].reverse(), ['the cat is on the mat', 'a cat sat on a mat']];
    const a = corpusBleu(hyps, refs);
    const b = corpusBleu([...hyps].reverse(), [...refs].reverse().map((r) => [...r].reverse()));
    expect(b.score).toBeCloseTo(a.score, 12);
  });

  it('tokenizes with 13a by default, so punctuation counts as words', () => {
    // 13a: "Hello , world !" vs "Hello world": 2/4 unigrams, no bigram.
    const bleu = corpusBleu(['Hello, world!'], [['Hello world']], { smoothing: 'none' });
    expect(bleu.hypLength).toBe(4);
    expect(bleu.counts[0]).toBe(2);
    // 'none' splits on whitespace only: "Hello," and "world!" match nothing.
    expect(corpusBleu(['Hello, world!'], [['Hello world']], { tokenize: 'none' }).counts[0]).toBe(0);
    // A custom tokenizer: characters.
    const chars = corpusBleu(['abc'], [['abd']], { tokenize: (s) => Array.from(s), smoothing: 'none', maxOrder: 2 });
    expect(chars.counts).toEqual([2, 1]);
  });

  it('is case-sensitive unless asked to lowercase', () => {
    expect(corpusBleu(['The Cat'], [['the cat']], { maxOrder: 2 }).counts).toEqual([0, 0]);
    expect(corpusBleu(['The Cat'], [['the cat']], { maxOrder: 2, lowercase: true }).score).toBeCloseTo(100, 10);
  });

  it('scores every sentence against only its own references, whose count may vary', () => {
    const bleu = corpusBleu(['a b c d', 'e f g h'], [['a b c d', ''], ['x y z w', 'e f g h', 'q']]);
    expect(bleu.score).toBeCloseTo(100, 10);
    expect(bleu.refLength).toBe(8);
  });

  it('matches sacrebleu 2.6.0 on a small mixed corpus', () => {
    // sacrebleu.corpus_bleu: BLEU = 46.71 77.1/58.1/40.7/26.1 (BP = 1.000 ratio = 1.129 hyp_len = 35 ref_len = 31)
    const bleu = corpusBleu(SACREBLEU_CORPUS.hypotheses, SACREBLEU_CORPUS.references);
    expect(bleu.counts).toEqual([27, 18, 11, 6]);
    expect(bleu.totals).toEqual([35, 31, 27, 23]);
    expect(bleu.score).toBeCloseTo(46.71052156578142, 10);
    expect(formatBleu(bleu)).toBe('BLEU = 46.71 77.1/58.1/40.7/26.1 (BP = 1.000 ratio = 1.129 hyp_len = 35 ref_len = 31)');
  });

  it('rejects bad input with messages naming the problem', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow('BLEU: expected one list of references per hypothesis, got 2 hypotheses and 1 reference lists');
    expect(() => corpusBleu(['a'], [[]])).toThrow('BLEU: sentence 0 has no references');
    expect(() => corpusBleu([], [])).toThrow('expected at least one hypothesis');
    expect(() => corpusBleu(['a'], [['a']], { smoothing: 'add-1' as never })).toThrow("expected smoothing 'none', 'floor', 'add-k' or 'exp', got 'add-1'");
    expect(() => corpusBleu(['a'], [['a']], { smoothing: 'toString' as never })).toThrow("got 'toString'");
    expect(() => corpusBleu(['a'], [['a']], { maxOrder: 0 })).toThrow('expected maxOrder to be an integer >= 1, got 0');
    expect(() => corpusBleu(['a'], [['a']], { tokenize: 'intl' as never })).toThrow("expected tokenize '13a', 'none' or a function, got 'intl'");
    expect(() => corpusBleu(['a'], [['a']], { smoothing: 'floor', smoothingValue: -1 })).toThrow('expected smoothingValue to be a finite number >= 0, got -1');
  });

  it('copes with empty hypotheses', () => {
    const bleu = corpusBleu([''], [['a b']]);
    expect(bleu.score).toBe(0);
    expect(bleu.hypLength).toBe(0);
    expect(bleu.brevityPenalty).toBe(0);
    expect(formatBleu(bleu)).not.toMatch(/NaN|Infinity/);
  });
});

describe('sentenceBleu', () => {
  it('uses the effective order, so a short exact match scores 100', () => {
    // Two words have no trigram: precisions 1, 1 over the 2 orders that exist.
    expect(sentenceBleu('hello world', ['hello world']).score).toBeCloseTo(100, 10);
    // corpusBleu averages over all 4 orders by default, so the same pair scores 0.
    expect(corpusBleu(['hello world'], [['hello world']]).score).toBe(0);
    expect(corpusBleu(['hello world'], [['hello world']], { effectiveOrder: true }).score).toBeCloseTo(100, 10);
  });

  it("smooths with 'exp' by default and accepts a single reference string", () => {
    // 5/6, 3/5, 1/4, 0/3 → (5/6 · 3/5 · 1/4 · 1/6)^(1/4), as in the corpus test.
    expect(sentenceBleu('the cat sat on the mat', 'the cat is on the mat').score).toBeCloseTo(37.9918, 3);
    expect(sentenceBleu('the cat sat on the mat', ['the cat is on the mat'], { smoothing: 'none' }).score).toBe(0);
  });

  it('takes the best of several references per n-gram', () => {
    const single = sentenceBleu(candidate1, [paperRefs[0]], plain).score;
    const multi = sentenceBleu(candidate1, paperRefs, plain).score;
    expect(multi).toBeCloseTo(50.4567, 3);
    expect(multi).toBeGreaterThan(single);
  });

  it('rejects a hypothesis without references', () => {
    expect(() => sentenceBleu('a', [])).toThrow('BLEU: sentence 0 has no references');
  });
});
