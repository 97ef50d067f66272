import { referenceSets } from './referenceSets';

describe('referenceSets', () => {
  it('keeps the non-empty references of each sentence, allowing different counts', () => {
    expect(referenceSets('BLEU', ['a', 'b'], [['x', '', 'y'], ['z']])).toEqual([['x', 'y'], ['z']]);
  });

  it('rejects a length mismatch, naming both lengths', () => {
    expect(() => referenceSets('BLEU', ['a', 'b'], [['x']])).toThrow('BLEU: expected one list of references per hypothesis, got 2 hypotheses and 1 reference lists');
  });

  it('rejects a sentence without references', () => {
    expect(() => referenceSets('chrF', ['a', 'b'], [['x'], []])).toThrow('chrF: sentence 1 has no references');
    expect(() => referenceSets('chrF', ['a'], [['', '']])).toThrow('chrF: sentence 0 has no references');
  });

  it('rejects an empty corpus and values of the wrong type', () => {
    expect(() => referenceSets('BLEU', [], [])).toThrow('expected at least one hypothesis');
    // A common slip: sacrebleu's stream-major layout with a single string per sentence.
    expect(() => referenceSets('BLEU', ['a'], ['x' as unknown as string[]])).toThrow('expected references[0] to be an array of strings');
    expect(() => referenceSets('BLEU', ['a'], [[3 as unknown as string]])).toThrow('expected references[0][0] to be a string, got number');
    expect(() => referenceSets('BLEU', [null as unknown as string], [['x']])).toThrow('expected hypothesis 0 to be a string, got object');
  });
});
