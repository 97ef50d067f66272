import { BpeTokenizer, CharTokenizer, type Tokenizer } from '@tfzoo/tokenizers';
import type { Passage } from '../types';
import { buildRagPrompt, type RagPrompt } from './buildRagPrompt';
import { syntheticCollection } from './test-helpers/syntheticQA';

const { passages } = syntheticCollection();
const long: Passage = {
  id: 'long#0',
  source: 'test',
  position: 0,
  title: 'Long',
  text: 'Alpha sentence talks about weather and rain.\nBeta sentence is about nothing useful at all. Gamma sentence mentions the lighthouse keeper Orwin. Delta closes the passage with more filler words.',
};
const framing = '[]()0123456789… \nQuestion:Answer';
const chars = CharTokenizer.fromTexts([...passages.map((p) => `${p.title} ${p.text}`), long.text, long.title!, framing, 'Who keeps the lighthouse? What is the capital of Zorbia and of every other made-up country here']);
const bpe = BpeTokenizer.train([...passages.map((p) => p.text), long.text], { vocabSize: 320 });

/** Checks what every prompt must satisfy, for any tokenizer and window. */
function checkInvariants(prompt: RagPrompt, tokenizer: Tokenizer, maxTokens: number, answerTokens: number): void {
  expect(prompt.ids.length).toBeLessThanOrEqual(maxTokens - answerTokens);
  expect(tokenizer.decode(prompt.ids)).toBe(prompt.text);
  expect(prompt.text.endsWith(`Question: ${prompt.question}\nAnswer:`)).toBe(true);
  const lines = prompt.text.split('\n');
  expect(lines).toHaveLength(prompt.passages.length + 2);
  prompt.passages.forEach((p, i) => {
    expect(p.index).toBe(i + 1);
    expect(lines[i].startsWith(`[${i + 1}]`)).toBe(true);
    expect(lines[i].endsWith(p.text)).toBe(true);
    const collapsed = p.passage.text.replace(/\s+/g, ' ');
    for (const [a, b] of p.spans) {
      expect(b).toBeGreaterThan(a);
      expect(collapsed).toContain(tokenizer.decode(prompt.ids.slice(a, b)).trim());
    }
  });
}

describe('buildRagPrompt', () => {
  it('numbers the passages, adds titles, and ends with the question and "Answer:"', () => {
    const prompt = buildRagPrompt('What is the capital of Zorbia?', passages.slice(0, 2), { tokenizer: bpe, maxTokens: 512 });
    expect(prompt.text).toBe(`[1] (Zorbia) ${passages[0].text}\n[2] (Quelland) ${passages[1].text}\nQuestion: What is the capital of Zorbia?\nAnswer:`);
    expect(prompt.passages.map((p) => p.truncated)).toEqual([false, false]);
    expect(prompt.omitted).toEqual([]);
    // Byte-level BPE splits at line breaks, so encoding the text whole gives the same ids.
    expect(prompt.ids).toEqual(bpe.encode(prompt.text));
    checkInvariants(prompt, bpe, 512, 16);
    const untitled = buildRagPrompt('What is the capital of Zorbia?', passages.slice(0, 1), { tokenizer: bpe, maxTokens: 512, titles: false });
    expect(untitled.text.startsWith(`[1] ${passages[0].text}\n`)).toBe(true);
  });

  it('fits every window, keeping the question and the given order of passages', () => {
    const question = 'Who keeps the lighthouse?';
    const given = [long, ...passages.slice(0, 5)];
    for (const maxTokens of [1200, 600, 400, 300, 200, 150, 110, 90]) {
      const prompt = buildRagPrompt(question, given, { tokenizer: chars, maxTokens, answerTokens: 10 });
      checkInvariants(prompt, chars, maxTokens, 10);
      expect(prompt.question).toBe(question);
      expect(prompt.passages.length + prompt.omitted.length).toBe(given.length);
      expect(prompt.passages.length).toBeGreaterThan(0);
      // Shown passages keep the order they were given in.
      const order = prompt.passages.map((p) => given.indexOf(p.passage));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // The best sentence is always shown (cut to its best words in the smallest windows).
      expect(prompt.passages[0].text).toContain('lighthouse');
    }
    expect(buildRagPrompt(question, given, { tokenizer: chars, maxTokens: 1200, answerTokens: 10 }).passages.every((p) => !p.truncated)).toBe(true);
    // A window with room for the question alone shows no passage at all.
    const bare = buildRagPrompt(question, given, { tokenizer: chars, maxTokens: 60, answerTokens: 10 });
    expect(bare.passages).toEqual([]);
    expect(bare.omitted).toHaveLength(given.length);
    checkInvariants(bare, chars, 60, 10);
  });

  it('spends a small window on the best sentences of any passage, leaving out passages without one', () => {
    // The question is about the third passage: the first two get no room.
    const prompt = buildRagPrompt('Which river flows through Astovel?', passages.slice(0, 3), { tokenizer: chars, maxTokens: 140, answerTokens: 10 });
    checkInvariants(prompt, chars, 140, 10);
    expect(prompt.passages.map((p) => p.passage.id)).toEqual([passages[2].id]);
    expect(prompt.passages[0].index).toBe(1);
    expect(prompt.passages[0].text).toContain('Its capital is Astovel, a city on the river Arran.');
    expect(prompt.omitted.map((p) => p.id)).toEqual([passages[0].id, passages[1].id]);
  });

  it('keeps the sentence sharing the question\'s terms when it must shorten a passage', () => {
    const prompt = buildRagPrompt('Who is the lighthouse keeper?', [long], { tokenizer: chars, maxTokens: 130, answerTokens: 10 });
    const [shown] = prompt.passages;
    expect(shown.truncated).toBe(true);
    expect(shown.text).toContain('Gamma sentence mentions the lighthouse keeper Orwin.');
    expect(shown.text).not.toContain('Beta');
    checkInvariants(prompt, chars, 130, 10);

    // Two non-adjacent sentences are joined by an ellipsis, each run its own span.
    const two = buildRagPrompt('weather rain lighthouse keeper', [long], { tokenizer: chars, maxTokens: 170, answerTokens: 10 });
    expect(two.passages[0].text).toBe('Alpha sentence talks about weather and rain. … Gamma sentence mentions the lighthouse keeper Orwin.');
    expect(two.passages[0].spans).toHaveLength(2);
    checkInvariants(two, chars, 170, 10);

    // A window too small for the sentence keeps its best words.
    const cut = buildRagPrompt('lighthouse keeper Orwin', [long], { tokenizer: chars, maxTokens: 80, answerTokens: 10 });
    expect(cut.passages[0].text).toMatch(/lighthouse keeper/);
    checkInvariants(cut, chars, 80, 10);
  });

  it('leaves out repeated passages, passages without text and those beyond maxPassages', () => {
    const empty: Passage = { id: 'empty', text: ' \n ', source: 't', position: 0 };
    const prompt = buildRagPrompt('What does Karpia export?', [passages[0], passages[0], empty, ...passages.slice(1, 6)], { tokenizer: bpe, maxTokens: 1024, maxPassages: 3 });
    expect(prompt.passages.map((p) => p.passage.id)).toEqual([passages[0].id, passages[1].id, passages[2].id]);
    expect(prompt.omitted.map((p) => p.id)).toEqual([passages[0].id, 'empty', passages[3].id, passages[4].id, passages[5].id]);
  });

  it('gives a prompt without passages when none is given, and cuts only an overlong question', () => {
    const none = buildRagPrompt('What is the capital of Zorbia?', [], { tokenizer: bpe, maxTokens: 64 });
    expect(none.text).toBe('Question: What is the capital of Zorbia?\nAnswer:');
    const question = 'What is the capital of Zorbia and of every other made-up country here';
    const cut = buildRagPrompt(question, passages.slice(0, 1), { tokenizer: chars, maxTokens: 60, answerTokens: 10 });
    expect(cut.questionTruncated).toBe(true);
    expect(question.startsWith(cut.question.replace(/ …$/, ''))).toBe(true);
    expect(cut.passages).toEqual([]);
    checkInvariants(cut, chars, 60, 10);
  });

  it('names bad arguments', () => {
    expect(() => buildRagPrompt('q?', [], { tokenizer: bpe, maxTokens: 16 })).toThrow('expected maxTokens to be an integer > answerTokens (16), got 16');
    expect(() => buildRagPrompt('  ', [], { tokenizer: bpe, maxTokens: 64 })).toThrow('expected a non-empty question, got "  "');
    expect(() => buildRagPrompt('q?', [], { tokenizer: bpe, maxTokens: 64, maxPassages: 0 })).toThrow('expected maxPassages to be an integer >= 1, got 0');
  });
});
