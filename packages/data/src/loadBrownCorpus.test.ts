import { BROWN_CATEGORIES, loadBrownCorpus, type BrownCategory } from './loadBrownCorpus';

// Common Brown tags: none of these may survive as "/tag" at the end of a word.
const TAG = /\/(at|nn|nns|np|np\$|vb|vbd|vbn|vbz|in|jj|cc|cs|rb|pps|ppss|dt|to|be|bez|bedz|md|\.|,|``|''|\*|--)(-tl|-hl|-nc)?$/;

describe('loadBrownCorpus', () => {
  test('sentences are plain text: no /tags, punctuation rejoined', () => {
    const sentences = loadBrownCorpus({ maxSentences: 200 });
    expect(sentences).toHaveLength(200);
    expect(sentences[0]).toBe(
      'The Fulton County Grand Jury said Friday an investigation of Atlanta\'s recent primary election produced "no evidence" that any irregularities took place.',
    );
    for (const s of sentences) {
      expect(s).not.toMatch(/\s$|^\s/);
      expect(s).not.toContain('\n');
      expect(s).not.toMatch(/ [,.;:?!]( |$)/);
      for (const word of s.split(' ')) expect(word).not.toMatch(TAG);
    }
    expect(sentences.join(' ')).not.toMatch(/\/at\b|\/nn\b|\/np\b|\/in\b/);
  });

  test('categories select genres; news starts with ca01, and the whole corpus has 57,340 sentences', () => {
    const romance = loadBrownCorpus({ categories: ['romance'], maxSentences: 5 });
    expect(romance).toHaveLength(5);
    expect(romance[0]).not.toBe(loadBrownCorpus({ maxSentences: 1 })[0]);
    const all = loadBrownCorpus();
    expect(all).toHaveLength(57340);
    expect(loadBrownCorpus({ categories: ['news'] }).length).toBeLessThan(all.length);
  });

  test('an unknown category or a bad limit is an error naming it', () => {
    expect(() => loadBrownCorpus({ categories: ['sports' as BrownCategory] })).toThrow(
      `unknown Brown category "sports"; expected one of ${BROWN_CATEGORIES.join(', ')}`,
    );
    expect(() => loadBrownCorpus({ maxSentences: 0 })).toThrow('expected maxSentences >= 1, got 0');
  });
});
