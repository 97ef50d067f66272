import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { AnswerGenerator } from './AnswerGenerator';
import { answerLoss, encodeAnswerExample, type AnswerExample } from './answerExamples';
import { fineTuneAnswerGenerator } from './fineTuneAnswerGenerator';
import { syntheticCollection } from './test-helpers/syntheticQA';
import { tinyAnswerGPT, tinyTokenizer } from './test-helpers/tinyAnswerGPT';

beforeAll(() => initBackend('wasm', { log: null }));

const { passages, questions } = syntheticCollection(6);
const byId = new Map(passages.map((p) => [p.id, p]));
/** Each question with its passage and the next one (a distractor), in a varying order. */
const examples: AnswerExample[] = questions.map((q, i) => {
  const gold = byId.get(q.passageId)!;
  const other = passages[(passages.indexOf(gold) + 1) % passages.length];
  return { question: q.question, passages: i % 2 === 0 ? [gold, other] : [other, gold], answer: q.answer };
});

describe('encodeAnswerExample', () => {
  it('is the prompt, then the answer and EOS, with only the answer after the prompt length', () => {
    const generator = new AnswerGenerator(tinyAnswerGPT());
    const { encoded } = encodeAnswerExample(generator, examples[0]);
    const prompt = generator.buildPrompt(examples[0].question, examples[0].passages);
    expect(Array.from(encoded!.ids.subarray(0, encoded!.promptLength))).toEqual(prompt.ids);
    const answer = Array.from(encoded!.ids.subarray(encoded!.promptLength));
    expect(answer[answer.length - 1]).toBe(SPECIAL_TOKENS.EOS);
    expect(generator.gpt.decode(answer.slice(0, -1))).toBe(' ' + examples[0].answer);
    generator.dispose();
  });

  it('skips examples whose prompt does not show the answer, or whose answer is too long', () => {
    const generator = new AnswerGenerator(tinyAnswerGPT(), { prompt: { answerTokens: 4 } });
    expect(encodeAnswerExample(generator, { ...examples[0], passages: [passages[3]] }).skipped).toBe('answer not in the shown passages');
    expect(encodeAnswerExample(generator, { ...examples[0], answer: 'Zorbia is a small country on the northern coast' }).skipped).toBe('answer too long');
    expect(encodeAnswerExample(generator, { ...examples[0], answer: ' ' }).skipped).toBe('empty answer');
    generator.dispose();
  });
});

describe('fineTuneAnswerGenerator', () => {
  it('lowers the conditional answer loss of a generator it continues, without leaking tensors', async () => {
    const generator = new AnswerGenerator(tinyAnswerGPT({ dropout: 0 }));
    const before = await answerLoss(generator, examples);
    const tensors = tf.memory().numTensors;
    const result = await fineTuneAnswerGenerator(examples, { generator, maxSteps: 25, batchSize: 8, learningRate: 1e-2, progress: false });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await answerLoss(generator, examples);
    expect(result.generator).toBe(generator);
    expect(result.examples).toBe(examples.length);
    expect(result.skipped).toEqual([]);
    expect(result.steps).toBe(25);
    expect(before.tokens).toBe(after.tokens);
    expect(after.loss).toBeLessThan(before.loss * 0.6);
    generator.dispose();
  });

  it('creates a generator (BPE, GPT, optional pre-training), reports skipped examples and the validation loss', async () => {
    const unanswerable: AnswerExample = { question: 'What is the capital of Zorbia?', passages: [passages[2]], answer: 'Quenta' };
    const result = await fineTuneAnswerGenerator([...examples, unanswerable], {
      vocabSize: 600,
      model: { blockSize: 160, nLayer: 1, nHead: 2, nEmbd: 16 },
      generatorOptions: { minScore: 0.2, prompt: { maxPassages: 2 } },
      pretrainSteps: 2,
      pretrainBatchSize: 2,
      maxSteps: 2,
      validation: examples.slice(0, 4),
      progress: false,
    });
    const { generator } = result;
    expect(generator.gpt.config).toMatchObject({ blockSize: 160, nLayer: 1, nEmbd: 16, positional: 'learned', norm: 'pre', tieEmbeddings: true });
    expect(generator.gpt.tokenizer.kind).toBe('bpe');
    expect(generator.settings.minScore).toBe(0.2);
    expect(result.skipped).toEqual([{ index: examples.length, reason: 'answer not in the shown passages' }]);
    expect(result.pretrain).toEqual({ steps: 2, lastLoss: expect.any(Number) });
    expect(result.synthetic).toBeNull();
    expect(result.validationLoss).toBeCloseTo((await answerLoss(generator, examples.slice(0, 4))).loss, 4);
    generator.dispose();
  });

  it('trains on synthetic questions from the passages before the examples, which alone lowers their answer loss', async () => {
    const generator = new AnswerGenerator(tinyAnswerGPT({ dropout: 0 }));
    const before = await answerLoss(generator, examples);
    const tensors = tf.memory().numTensors;
    // The real phase gets one step at a negligible rate: what changes the loss is the synthetic phase.
    const result = await fineTuneAnswerGenerator(examples, {
      generator,
      syntheticSteps: 30,
      syntheticPassages: passages,
      maxSteps: 1,
      fineTuneLearningRate: 1e-9,
      batchSize: 8,
      learningRate: 1e-2,
      progress: false,
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.synthetic).toEqual({ steps: 30, firstLoss: expect.any(Number), lastLoss: expect.any(Number) });
    expect(result.synthetic!.lastLoss!).toBeLessThan(result.synthetic!.firstLoss!);
    expect((await answerLoss(generator, examples)).loss).toBeLessThan(before.loss * 0.8);
    await expect(fineTuneAnswerGenerator(examples, { generator, syntheticSteps: 1.5, progress: false })).rejects.toThrow('expected syntheticSteps to be an integer >= 0, got 1.5');
    generator.dispose();
  });

  it('names what it cannot train on', async () => {
    const generator = new AnswerGenerator(tinyAnswerGPT());
    await expect(fineTuneAnswerGenerator(examples, { generator, tokenizer: tinyTokenizer() })).rejects.toThrow('leave out tokenizer, vocabSize, model and generatorOptions');
    await expect(fineTuneAnswerGenerator([{ ...examples[0], passages: [passages[4]] }], { generator, progress: false })).rejects.toThrow(
      'all 1 examples were skipped (first: answer not in the shown passages)',
    );
    await expect(fineTuneAnswerGenerator([], { generator })).rejects.toThrow('expected examples to train on, got none');
    generator.dispose();
  });
});
