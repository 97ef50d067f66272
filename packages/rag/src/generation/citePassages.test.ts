import type { Passage } from '../types';
import type { PromptPassage } from './buildRagPrompt';
import { citePassages } from './citePassages';

const shown = (index: number, text: string): PromptPassage => {
  const passage: Passage = { id: `p${index}`, text, source: 't', position: 0 };
  return { index, passage, text, truncated: false, spans: [] };
};

const passages = [
  shown(1, 'The Broncos (Denver Broncos) won Super Bowl 50 in 2016.'),
  shown(2, 'Denver is the capital of Colorado; the Broncos play there.'),
  shown(3, 'Levi\'s Stadium hosted the game in Santa Clara.'),
];

describe('citePassages', () => {
  it('cites every passage containing the answer as whole words, ignoring case, punctuation and articles', () => {
    expect(citePassages('Denver Broncos', passages).map((p) => p.index)).toEqual([1]);
    expect(citePassages('the broncos', passages).map((p) => p.index)).toEqual([1, 2]);
    expect(citePassages("Levi's Stadium.", passages).map((p) => p.index)).toEqual([3]);
    expect(citePassages('2016', passages).map((p) => p.index)).toEqual([1]);
  });

  it('does not match inside words', () => {
    // "clara" is in passage 3, "lara" is not a word of any passage.
    expect(citePassages('lara', passages, { minSupport: 1 })).toEqual([]);
  });

  it('falls back to the passages sharing the largest share of the answer\'s words, above minSupport', () => {
    // "Denver Colorado" is not a run anywhere; passage 2 holds both words.
    expect(citePassages('Denver Colorado', passages).map((p) => p.index)).toEqual([2]);
    // Half of "Santa Monica" is in passage 3: cited at the default 0.5, not at 0.75.
    expect(citePassages('Santa Monica', passages).map((p) => p.index)).toEqual([3]);
    expect(citePassages('Santa Monica', passages, { minSupport: 0.75 })).toEqual([]);
  });

  it('cites nothing for an unsupported or empty answer', () => {
    expect(citePassages('Carolina Panthers', passages)).toEqual([]);
    expect(citePassages(' . ', passages)).toEqual([]);
    expect(() => citePassages('x', passages, { minSupport: 0 })).toThrow('expected minSupport in (0, 1], got 0');
  });
});
