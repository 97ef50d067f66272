import { BM25Retriever } from '../lexical/BM25Retriever';
import { searchTokens } from '../lexical/searchTokens';
import type { Passage, ScoredPassage } from '../types';
import { judgeHits } from './questionCoverage';

const passages: Passage[] = [
  { id: 'a', text: 'The Eiffel Tower stands in Paris and was finished in 1889.', source: 'f', position: 0 },
  { id: 'b', text: 'Paris is the capital of France.', source: 'f', position: 1 },
  { id: 'c', text: 'Bread is baked from flour, water and yeast.', source: 'f', position: 2, title: 'Baking' },
];
const hit = (p: Passage, rank: number): ScoredPassage => ({ passage: p, score: 1 / rank, rank });

describe('judgeHits', () => {
  const bm25 = new BM25Retriever(passages);

  it('weights each covered question term by its idf, as a naive sum does', () => {
    const question = 'When was the Eiffel Tower in Paris finished?';
    const [judged] = judgeHits(bm25, question, [hit(passages[1], 1)]);
    // Naive reference: the question's content terms, the passage's words, idf weights.
    const terms = [...new Set(searchTokens(question))].filter((t) => t !== 'when');
    const words = new Set(searchTokens(passages[1].text));
    const rarest = Math.log(1 + (passages.length + 0.5) / 0.5);
    const w = (t: string): number => bm25.idf(t) || rarest;
    const expected = terms.filter((t) => words.has(t)).reduce((s, t) => s + w(t), 0) / terms.reduce((s, t) => s + w(t), 0);
    expect(judged.coverage).toBeCloseTo(expected, 10);
    expect(judged.coverage).toBeGreaterThan(0);
    expect(judged.coverage).toBeLessThan(1);
  });

  it('gives full coverage to the passage holding every term and little to an off-topic one', () => {
    const judged = judgeHits(bm25, 'Eiffel Tower finished 1889', [hit(passages[0], 1), hit(passages[2], 2)]);
    expect(judged[0].coverage).toBeCloseTo(1, 10);
    expect(judged[1].coverage).toBe(0);
    expect(judged.map((j) => j.rank)).toEqual([1, 2]);
  });

  it('counts the title and treats a term no passage has as the rarest', () => {
    const [judged] = judgeHits(bm25, 'baking sourdough', [hit(passages[2], 1)]);
    // "baking" is in the title only; "sourdough" is in no passage, so it weighs at least as much.
    expect(judged.coverage).toBeGreaterThan(0);
    expect(judged.coverage).toBeLessThanOrEqual(0.5);
  });

  it('is 0 for a question without content terms', () => {
    expect(judgeHits(bm25, 'What is the?', [hit(passages[0], 1)])[0].coverage).toBe(0);
  });
});
