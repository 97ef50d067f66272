import type { Passage, ScoredPassage } from '../types';
import { extractSentence } from './extractSentence';

const passage = (id: string, text: string): Passage => ({ id, text, source: 's', position: 0 });
const hits = (...texts: string[]): ScoredPassage[] => texts.map((t, i) => ({ passage: passage(`p${i}`, t), score: 1, rank: i + 1 }));

describe('extractSentence', () => {
  it('picks the sentence sharing the most question terms, with its citation', () => {
    const h = hits('Cats sleep a lot. Dogs bark at night.', 'The Eiffel Tower was finished in 1889. It is in Paris.');
    const a = extractSentence('When was the Eiffel Tower finished?', h);
    expect(a?.sentence).toBe('The Eiffel Tower was finished in 1889.');
    expect(a?.citation).toBe(2);
    expect(a?.hit).toBe(h[1]);
  });

  it('prefers the better-ranked passage, then the earlier sentence, on ties', () => {
    const h = hits('Paris is large. Paris is old.', 'Paris is in France.');
    expect(extractSentence('Tell me about Paris', h)?.sentence).toBe('Paris is large.');
  });

  it('returns null when no sentence shares a term', () => {
    expect(extractSentence('How do I bake bread?', hits('Cats sleep a lot.'))).toBeNull();
    expect(extractSentence('anything', [])).toBeNull();
  });
});
