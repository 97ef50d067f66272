import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { Seq2SeqDataset } from '@tfzoo/data';
import { CharTokenizer, saveTokenizer, WordTokenizer } from '@tfzoo/tokenizers';
import { Trainer } from '@tfzoo/train';
import { loadSeq2SeqTransformer } from './loadSeq2SeqTransformer';
import { seq2seqBatchOptions } from './Seq2SeqConfig';
import { loadTranslator } from './loadTranslator';
import { tinyModel } from './test-helpers/tinyModel';
import { Translator } from './Translator';

const english = ['the cat sleeps', 'a dog runs', 'the dog sleeps'];
const french = ['le chat dort', 'un chien court', 'le chien dort'];
const small = { preset: 'tiny' as const, dModel: 16, numHeads: 2, ffDim: 32, dropout: 0, maxSourceLength: 24, maxTargetLength: 24 };

describe('Translator', () => {
  beforeAll(() => initBackend('cpu', { log: null }));
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'translator-'));

  it('translates texts in order, with empty texts giving empty translations, and leaks no tensors', () => {
    const translator = Translator.create({ sourceTokenizer: WordTokenizer.fromTexts(english), targetTokenizer: CharTokenizer.fromTexts(french), ...small, seed: 3 });
    translator.translate(['the cat']);
    const before = tf.memory().numTensors;
    const out = translator.translate(['the cat', '', 'a dog runs'], { maxLength: 5 });
    expect(out).toHaveLength(3);
    expect(out[1]).toBe('');
    expect(out[0]).toBe(translator.translate(['the cat'], { maxLength: 5 })[0]);
    expect(translator.translate(['a dog runs'], { maxLength: 5, beamWidth: 2 })).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
    translator.dispose();
  });

  it('refuses long texts unless asked to truncate them', () => {
    const chars = CharTokenizer.fromTexts([...english, ...french]);
    const translator = Translator.create({ sourceTokenizer: chars, ...small, maxSourceLength: 8, seed: 1 });
    expect(() => translator.translate(['the cat sleeps'])).toThrow('text 0 "the cat sleeps" has 14 tokens, but the model reads at most 8');
    expect(translator.translate(['the cat sleeps'], { longInputs: 'truncate', maxLength: 3 })).toHaveLength(1);
    translator.dispose();
  });

  it('returns cross-attention maps with token labels for the translated sentence', () => {
    const translator = Translator.create({ sourceTokenizer: WordTokenizer.fromTexts(english), targetTokenizer: WordTokenizer.fromTexts(french), ...small, decoderLayers: 2, seed: 2 });
    const map = translator.attention('the cat sleeps', { maxLength: 4 });
    expect(map.sourceTokens).toEqual(['the', 'cat', 'sleeps']);
    expect(map.targetTokens[map.targetTokens.length - 1]).toBe('<eos>');
    expect(map.translation).toBe(translator.translate(['the cat sleeps'], { maxLength: 4 })[0]);
    expect(map.weights.length).toBe(2);
    expect(map.weights[0].length).toBe(2);
    expect(map.weights[1][0].length).toBe(map.targetTokens.length);
    expect(map.weights[1][0][0].length).toBe(map.sourceTokens.length);
    translator.dispose();
  });

  it.each([
    ['separate', false],
    ['shared', true],
  ])('saves and loads (%s tokenizers) to identical translations', async (_, shared) => {
    const source = CharTokenizer.fromTexts([...english, ...(shared ? french : [])]);
    const target = shared ? source : CharTokenizer.fromTexts(french);
    const translator = Translator.create({ sourceTokenizer: source, targetTokenizer: target, ...small, seed: 4 });
    expect(translator.model.config().shareEmbeddings).toBe(shared);
    const dir = path.join(tmp(), 'en-fr');
    await translator.save(dir);
    expect(fs.existsSync(path.join(dir, shared ? 'tokenizer.json' : 'target-tokenizer.json'))).toBe(true);
    const loaded = await loadTranslator(dir);
    expect(loaded.sharedTokenizer).toBe(shared);
    const texts = ['the cat sleeps', 'a dog'];
    expect(loaded.translate(texts, { maxLength: 6 })).toEqual(translator.translate(texts, { maxLength: 6 }));
    expect(loaded.translate(texts, { maxLength: 6, beamWidth: 3 })).toEqual(translator.translate(texts, { maxLength: 6, beamWidth: 3 }));
    // Saving again replaces the folder whole.
    await loaded.save(dir);
    expect((await loadTranslator(dir)).translate(texts, { maxLength: 6 })).toEqual(translator.translate(texts, { maxLength: 6 }));
    translator.dispose();
    loaded.dispose();
  });

  it('loads from a training run folder whose checkpoints hold both tokenizers', async () => {
    const translator = Translator.create({ sourceTokenizer: WordTokenizer.fromTexts(english), targetTokenizer: CharTokenizer.fromTexts(french), ...small, seed: 6 });
    const pairs = english.map((source, i) => ({ source, target: french[i] }));
    const data = Seq2SeqDataset.fromPairs(pairs, translator.sourceTokenizer, translator.targetTokenizer, seq2seqBatchOptions(translator.model.config()));
    const runDir = path.join(tmp(), 'run');
    const trainer = new Trainer(translator.model, { maxSteps: 2, evalEvery: 1, checkpointEvery: 1, learningRate: 1e-3 });
    await trainer.fit({ train: { next: () => data.batch([0, 1, 2]) }, runDir, tokenizer: translator.tokenizersJSON(), progress: false });
    trainer.dispose();
    const loaded = await loadTranslator(runDir);
    expect(loaded.sourceTokenizer.kind).toBe('word');
    expect(loaded.targetTokenizer.kind).toBe('char');
    expect(loaded.translate(english, { maxLength: 5 })).toEqual(translator.translate(english, { maxLength: 5 }));
    const model = await loadSeq2SeqTransformer(runDir);
    expect(model.translateIds([[7, 8]], { maxLength: 4 })).toEqual(translator.model.translateIds([[7, 8]], { maxLength: 4 }));
    model.dispose();
    loaded.dispose();
    translator.dispose();
  });

  it('refuses mismatched tokenizers, folders of other types, and a model saved without tokenizers', async () => {
    const model = tinyModel(); // vocabularies 15 and 17
    const words = WordTokenizer.fromTexts(english); // 7 special + 6 words = 13 ids
    expect(() => new Translator(model, words)).toThrow(`tokenizer vocabulary has ${words.vocabSize} ids (word), but the model's source side (sourceVocabSize) expects 15`);

    const dir = tmp();
    await model.save(path.join(dir, 'bare'));
    await expect(loadTranslator(path.join(dir, 'bare'))).rejects.toThrow('holds a Seq2SeqTransformer without tokenizers');
    fs.mkdirSync(path.join(dir, 'gpt'));
    fs.writeFileSync(path.join(dir, 'gpt', 'gpt.json'), JSON.stringify({ format: 'tfzoo-gpt', version: 1 }));
    await expect(loadTranslator(path.join(dir, 'gpt'))).rejects.toThrow('holds a gpt model (gpt.json says format "tfzoo-gpt"), not a translator');

    // A translator folder whose tokenizer was swapped for one of another size.
    const translator = Translator.create({ sourceTokenizer: CharTokenizer.fromTexts(english), targetTokenizer: CharTokenizer.fromTexts(french), ...small });
    await translator.save(path.join(dir, 'swapped'));
    await saveTokenizer(path.join(dir, 'swapped', 'target-tokenizer.json'), words);
    await expect(loadTranslator(path.join(dir, 'swapped'))).rejects.toThrow(`tokenizer vocabulary has ${words.vocabSize} ids (word), but the model in '${path.join(dir, 'swapped')}' (targetVocabSize)`);
    translator.dispose();
    model.dispose();
  });
});
