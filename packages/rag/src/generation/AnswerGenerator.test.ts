import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { AnswerGenerator } from './AnswerGenerator';
import { normalizeAnswer } from '../evaluation/answerMetrics';
import { scoreSpans } from './scoreSpans';
import { syntheticCollection } from './test-helpers/syntheticQA';
import { preferTokens, scored, tinyAnswerGPT } from './test-helpers/tinyAnswerGPT';

beforeAll(() => initBackend('wasm', { log: null }));

const { passages } = syntheticCollection(4);
const REFUSAL = 'I could not find the answer in the retrieved passages.';

describe('AnswerGenerator', () => {
  it('refuses without inventing an answer when nothing is retrieved or nothing scores high enough', async () => {
    const gpt = tinyAnswerGPT();
    const generator = new AnswerGenerator(gpt, { minScore: 0.5 });
    const none = await generator.answer('What is the capital of Zorbia?', []);
    expect(none).toEqual({ answer: REFUSAL, text: REFUSAL, citations: [], refused: true, reason: 'no-passages', prompt: null, generated: null });
    const low = await generator.answer('What is the capital of Zorbia?', scored(passages.slice(0, 2), [0.4, 0.1]));
    expect(low).toMatchObject({ refused: true, reason: 'low-score', citations: [], prompt: null, generated: null, answer: REFUSAL });
    // A per-call threshold overrides the generator's.
    const lowered = await generator.answer('What is the capital of Zorbia?', scored(passages.slice(0, 2), [0.4, 0.1]), { minScore: 0.3 });
    expect(lowered.reason).not.toBe('low-score');
    expect(lowered.prompt).toContain('[1] (Zorbia)');
    expect(lowered.prompt).not.toContain('(Quelland)'); // under the threshold: not shown
    gpt.dispose();
  });

  it('answers with a span the model prefers, citing exactly the passages that contain it', async () => {
    const gpt = tinyAnswerGPT();
    const generator = new AnswerGenerator(gpt);
    // "Lirbo" is only in Quelland's passage (shown second).
    preferTokens(gpt, [...gpt.tokenizer.encode(' Lirbo'), SPECIAL_TOKENS.EOS]);
    const result = await generator.answer('What is the capital of Quelland?', scored(passages.slice(0, 3), [3, 2, 1]));
    expect(result).toMatchObject({ answer: 'Lirbo', text: 'Lirbo [2]', refused: false, reason: null, generated: 'Lirbo' });
    expect(result.citations).toEqual([{ index: 2, passage: passages[1], score: 2 }]);
    expect(result.prompt!.endsWith('Question: What is the capital of Quelland?\nAnswer:')).toBe(true);

    // A word in several passages cites each of them.
    preferTokens(gpt, [...gpt.tokenizer.encode(' country'), SPECIAL_TOKENS.EOS]);
    const shared = await generator.answer('What is Zorbia?', scored(passages.slice(0, 3), [3, 2, 1]));
    expect(shared.answer).toBe('country');
    expect(shared.citations.map((c) => c.index)).toEqual([1, 2, 3]);
    expect(shared.text).toBe('country [1][2][3]');
    gpt.dispose();
  });

  it('never answers with an article alone: a model that prefers "the" goes on to the next word', async () => {
    const gpt = tinyAnswerGPT();
    const generator = new AnswerGenerator(gpt);
    preferTokens(gpt, [...gpt.tokenizer.encode(' the'), SPECIAL_TOKENS.EOS]);
    const result = await generator.answer('Which river flows through Quenta?', scored(passages.slice(0, 1), [1]));
    expect(result.refused).toBe(false);
    expect(result.answer).toMatch(/^the \S+$/);
    expect(passages[0].text).toContain(result.answer);
    gpt.dispose();
  });

  it('with spans decoding answers the best-scoring whole-word span (scoreSpans)', async () => {
    const gpt = tinyAnswerGPT();
    const generator = new AnswerGenerator(gpt, { decoding: 'spans' });
    expect(generator.settings.decoding).toBe('spans');
    preferTokens(gpt, [...gpt.tokenizer.encode(' Lirbo'), SPECIAL_TOKENS.EOS]);
    const result = await generator.answer('What is the capital of Quelland?', scored(passages.slice(0, 3), [3, 2, 1]));
    expect(result).toMatchObject({ answer: 'Lirbo', text: 'Lirbo [2]', refused: false });
    // Untrained: still a whole-word span of a shown passage, and the one scoreSpans picks.
    const fresh = new AnswerGenerator(tinyAnswerGPT(), { decoding: 'spans' });
    const shown = passages.slice(1, 3);
    const answer = await fresh.answer('When was Marovia founded?', scored(shown, [2, 1]));
    const prompt = fresh.buildPrompt('When was Marovia founded?', shown);
    const sources = prompt.passages.flatMap((p) => p.spans.map(([a, b]) => prompt.ids.slice(a, b)));
    const best = await scoreSpans(fresh.gpt, prompt.ids, sources, { maxTokens: 12, canEnd: (ids) => normalizeAnswer(fresh.gpt.decode(ids)).length > 0 });
    expect(answer.answer).toBe(fresh.gpt.decode(best!.ids).trim());
    expect(shown.some((p) => p.text.includes(answer.answer))).toBe(true);
    gpt.dispose();
    fresh.dispose();
  });

  it('gives only passage spans with extractive decoding, even from an untrained model', async () => {
    const gpt = tinyAnswerGPT();
    const generator = new AnswerGenerator(gpt);
    for (const [i, question] of ['What does Zorbia export?', 'When was Marovia founded?', 'Which river flows through Mirren?'].entries()) {
      const shown = passages.slice(i, i + 2);
      const result = await generator.answer(question, scored(shown, [2, 1]));
      // Whatever the untrained model picks is a run of whole words of a shown passage, so it is cited.
      expect(result.refused).toBe(false);
      expect(shown.some((p) => p.text.includes(result.answer))).toBe(true);
      expect(result.citations.length).toBeGreaterThan(0);
      for (const c of result.citations) expect(c.passage.text).toContain(result.answer);
    }
    gpt.dispose();
  });

  it('refuses an answer no shown passage supports (free decoding)', async () => {
    const gpt = tinyAnswerGPT();
    const generator = new AnswerGenerator(gpt, { decoding: 'free' });
    // "Question" is one token of the tokenizer's vocabulary but in no passage; a fixed
    // preference makes the model repeat it.
    preferTokens(gpt, gpt.tokenizer.encode('Question'));
    const result = await generator.answer('What is the capital of Zorbia?', scored(passages.slice(0, 2), [2, 1]));
    expect(result).toMatchObject({ refused: true, reason: 'unsupported', answer: REFUSAL, citations: [] });
    expect(result.generated).toMatch(/^(Question)+$/);
    expect(result.prompt).toContain('Question: What is the capital of Zorbia?');
    gpt.dispose();
  });

  it('leaks no tensors across answers', async () => {
    const gpt = tinyAnswerGPT();
    const extractive = new AnswerGenerator(gpt);
    const free = new AnswerGenerator(gpt, { decoding: 'free', prompt: { answerTokens: 6 } });
    const hits = scored(passages.slice(0, 2), [2, 1]);
    await extractive.answer('What is the capital of Zorbia?', hits);
    await free.answer('What is the capital of Zorbia?', hits);
    const before = tf.memory().numTensors;
    await extractive.answer('What does Quelland export?', hits);
    await free.answer('What does Quelland export?', hits);
    expect(tf.memory().numTensors).toBe(before);
    gpt.dispose();
  });

  it('saves and loads the model with its settings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'answer-generator-'));
    try {
      const generator = new AnswerGenerator(tinyAnswerGPT(), { refusal: 'No idea.', prompt: { maxPassages: 2, answerTokens: 8 } });
      await generator.save(path.join(dir, 'g'), { trainedOn: 'synthetic' });
      const loaded = await AnswerGenerator.load(path.join(dir, 'g'));
      expect(loaded.settings).toEqual(generator.settings);
      expect(loaded.settings.minScore).toBe(-Infinity);
      const hits = scored(passages.slice(0, 3), [3, 2, 1]);
      expect(await loaded.answer('What does Tessaly export?', hits)).toEqual(await generator.answer('What does Tessaly export?', hits));
      const overridden = await AnswerGenerator.load(path.join(dir, 'g'), { minScore: 1, prompt: { maxPassages: 1 } });
      expect(overridden.settings).toMatchObject({ minScore: 1, refusal: 'No idea.', prompt: { maxPassages: 1, answerTokens: 8 } });
      for (const g of [generator, loaded, overridden]) g.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names bad settings', () => {
    const gpt = tinyAnswerGPT({ blockSize: 16 });
    expect(() => new AnswerGenerator(gpt)).toThrow("the GPT's blockSize 16 leaves no room for a prompt besides answerTokens 16");
    expect(() => new AnswerGenerator(gpt, { decoding: 'beam' as 'free', prompt: { answerTokens: 4 } })).toThrow("expected decoding 'extractive', 'spans' or 'free', got \"beam\"");
    expect(() => new AnswerGenerator(gpt, { minSupport: 2, prompt: { answerTokens: 4 } })).toThrow('expected minSupport in (0, 1], got 2');
    gpt.dispose();
  });
});
