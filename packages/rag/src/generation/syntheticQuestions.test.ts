import { Random } from '@tfzoo/data';
import type { Passage } from '../types';
import { collapseWhitespace, splitSentences } from './sentenceSelection';

const splitSentencesCount = (text: string) => splitSentences(text).length;
import { answerSpans, syntheticQuestion, SyntheticQuestionSource } from './syntheticQuestions';
import { syntheticCollection } from './test-helpers/syntheticQA';

const passage = (id: string, title: string, text: string): Passage => ({ id, title, source: 'test', position: 0, text });
/** A few sentences in the style of Wikipedia, with every kind of answer span. */
const WIKI: Passage[] = [
  passage('sb#0', 'Super Bowl 50', 'Super Bowl 50 was an American football game to determine the champion of the National Football League (NFL) for the 2015 season.  The American Football Conference (AFC) champion Denver Broncos defeated the National Football Conference (NFC) champion Carolina Panthers 24–10 to earn their third Super Bowl title. The game was played on February 7, 2016, at Levi\'s Stadium in the San Francisco Bay Area at Santa Clara, California.'),
  passage('sb#1', 'Super Bowl 50', 'The Panthers finished the regular season with a 15–1 record, and quarterback Cam Newton was named the NFL Most Valuable Player (MVP). They defeated the Arizona Cardinals 49–15 in the NFC Championship Game and advanced to their second Super Bowl appearance since the franchise was founded in 1995.'),
  passage('rhine#0', 'Rhine', 'The Rhine is a European river that begins in the Swiss canton of Graubünden in the southeastern Swiss Alps, forms part of the Swiss-Austrian border, and flows about 1,230 km through Germany.\nIt empties into the North Sea in the Netherlands.'),
  passage('empty#0', 'Empty', '   '),
];

describe('answerSpans', () => {
  it('finds dates, numbers, names and determiner phrases, never overlapping, each a non-empty slice of the sentence', () => {
    const sentence = 'The game was played on February 7, 2016, at Levi\'s Stadium in Santa Clara before 71,088 fans and the national television audience.';
    const spans = answerSpans(sentence);
    const texts = spans.map((s) => `${s.kind}:${sentence.slice(s.start, s.end)}`);
    expect(texts).toEqual(expect.arrayContaining(['date:February 7, 2016', 'name:Santa Clara', 'number:71,088 fans', 'phrase:national television audience']));
    // "The" opens the sentence; it names nothing.
    expect(texts.some((t) => t.startsWith('name:The'))).toBe(false);
    for (const [i, s] of spans.entries()) {
      expect(s.end).toBeGreaterThan(s.start);
      expect(sentence.slice(s.start, s.end).trim()).toBe(sentence.slice(s.start, s.end));
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1].end);
    }
  });

  it('keeps a unit word with a number but not a verb, and finds nothing in a sentence without candidates', () => {
    const a = 'It lasted 6 weeks in all.';
    expect(answerSpans(a).map((s) => a.slice(s.start, s.end))).toEqual(['6 weeks']);
    const b = 'Its population reached 1200 defeated soldiers';
    expect(answerSpans(b).map((s) => `${s.kind}:${b.slice(s.start, s.end)}`)).toEqual(['date:1200']);
    expect(answerSpans('it is so and so, or not.')).toEqual([]);
  });
});

describe('syntheticQuestion', () => {
  const pool = [...WIKI, ...syntheticCollection(12).passages];

  it('always gives a non-empty answer that is a span of the source at answerStart, and a question ending in ?', () => {
    const rng = new Random(3);
    const kinds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const source = pool[i % pool.length];
      const q = syntheticQuestion(source, pool, rng);
      if (source.id === 'empty#0') {
        expect(q).toBeNull();
        continue;
      }
      expect(q).not.toBeNull();
      const text = collapseWhitespace(source.text);
      expect(q!.answer.trim().length).toBeGreaterThan(0);
      expect(q!.answer).toMatch(/[\p{L}\p{N}]/u);
      expect(text.slice(q!.answerStart, q!.answerStart + q!.answer.length)).toBe(q!.answer);
      expect(q!.question).toMatch(/\?$/);
      expect(q!.question.toLowerCase()).toMatch(/\b(when|how many|how much|what percentage|who|what|which)\b/);
      // The source is shown, with at most two distractors, no passage twice.
      expect(q!.passages).toContain(source);
      expect(q!.source).toBe(source);
      expect(q!.passages.length).toBeLessThanOrEqual(3);
      expect(new Set(q!.passages.map((p) => p.id)).size).toBe(q!.passages.length);
      kinds.add(q!.kind);
    }
    expect([...kinds].sort()).toEqual(['date', 'name', 'number', 'phrase']);
  });

  it('hides the answer: the question does not contain it (sources where it occurs once)', () => {
    const rng = new Random(5);
    for (let i = 0; i < 50; i++) {
      const q = syntheticQuestion(WIKI[2], WIKI, rng, { dropWord: 0 })!;
      const rest = collapseWhitespace(WIKI[2].text);
      if (rest.split(q.answer).length === 2) expect(q.question).not.toContain(q.answer);
    }
  });

  it('with windowSentences, shows windows of that many sentences, the answer in the source window at answerStart', () => {
    const rng = new Random(9);
    for (let i = 0; i < 200; i++) {
      const withText = pool.filter((p) => p.text.trim().length > 0);
      const original = withText[i % withText.length];
      const q = syntheticQuestion(original, pool, rng, { windowSentences: 2 })!;
      const full = collapseWhitespace(original.text);
      expect(full).toContain(q.source.text);
      expect(q.source.id.startsWith(`${original.id}:`)).toBe(true);
      expect(q.source.text.slice(q.answerStart, q.answerStart + q.answer.length)).toBe(q.answer);
      expect(q.passages).toContain(q.source);
      for (const p of q.passages) {
        expect(splitSentencesCount(p.text)).toBeLessThanOrEqual(2);
        expect(collapseWhitespace(pool.find((o) => p.id.startsWith(`${o.id}:`))!.text)).toContain(p.text);
      }
    }
  });

  it('shows no distractors when asked for none', () => {
    const q = syntheticQuestion(WIKI[0], pool, new Random(1), { distractors: 0 })!;
    expect(q.passages).toEqual([WIKI[0]]);
  });
});

describe('SyntheticQuestionSource', () => {
  const { passages } = syntheticCollection(12);

  it('is deterministic for a seed, differs across seeds, and resumes from its state', () => {
    const take = (source: SyntheticQuestionSource, n: number) => Array.from({ length: n }, () => source.next()).map((q) => `${q.question} => ${q.answer} @${q.source.id}`);
    const a = take(new SyntheticQuestionSource(passages, 42), 30);
    expect(take(new SyntheticQuestionSource(passages, 42), 30)).toEqual(a);
    expect(take(new SyntheticQuestionSource(passages, 43), 30)).not.toEqual(a);
    const resumed = new SyntheticQuestionSource(passages, 42);
    take(resumed, 10);
    const state = resumed.state;
    const fresh = new SyntheticQuestionSource(passages, 7);
    fresh.state = state;
    expect(take(fresh, 20)).toEqual(a.slice(10));
  });

  it('rejects a collection without text or without any answer span', () => {
    expect(() => new SyntheticQuestionSource([WIKI[3]], 0)).toThrow('expected passages with text, got none');
    expect(() => new SyntheticQuestionSource([passage('x#0', 'x', 'it is so and so, or not at all here.')], 0).next()).toThrow('gave no sentence with an answer span');
  });
});
