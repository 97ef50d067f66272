import { BERT_PRESETS, checkBertConfig, resolveBertConfig } from './BertClassifierConfig';

describe('resolveBertConfig', () => {
  it('fills a preset and applies overrides', () => {
    const config = resolveBertConfig({ vocabSize: 100, preset: 'bert-mini', dropout: 0.3, numClasses: 3 });
    expect(config).toEqual({ ...BERT_PRESETS['bert-mini'], vocabSize: 100, dropout: 0.3, numClasses: 3, classNames: null, seed: null });
    expect(resolveBertConfig({ vocabSize: 100 }).hiddenSize).toBe(BERT_PRESETS['bert-tiny'].hiddenSize);
    // undefined does not override
    expect(resolveBertConfig({ vocabSize: 100, hiddenSize: undefined }).hiddenSize).toBe(64);
  });

  it('names the bad field and value', () => {
    expect(() => resolveBertConfig({ vocabSize: 100, preset: 'bert-huge' as 'bert-mini' })).toThrow('unknown BERT preset "bert-huge"; expected one of bert-tiny, bert-mini, bert-small');
    expect(() => resolveBertConfig({ vocabSize: 5 })).toThrow('BertClassifierConfig.vocabSize: expected at least 8');
    expect(() => resolveBertConfig({ vocabSize: 100, numLayers: 0 })).toThrow('BertClassifierConfig.numLayers: expected an integer >= 1, got 0');
    expect(() => resolveBertConfig({ vocabSize: 100, dropout: 1 })).toThrow('BertClassifierConfig.dropout: expected a dropout rate in [0, 1), got 1');
    expect(() => resolveBertConfig({ vocabSize: 100, activation: 'tanh' as 'relu' })).toThrow(`BertClassifierConfig.activation: expected one of 'relu', 'gelu', got "tanh"`);
    expect(() => resolveBertConfig({ vocabSize: 100, numHeads: 5 })).toThrow('BertClassifierConfig.numHeads: 5 does not divide hiddenSize 64');
    expect(() => resolveBertConfig({ vocabSize: 100, numClasses: 1 })).toThrow('BertClassifierConfig.numClasses: expected at least 2 classes, got 1');
    expect(() => resolveBertConfig({ vocabSize: 100, classNames: ['a'] })).toThrow('BertClassifierConfig.classNames: expected 2 names (numClasses), got 1');
    expect(() => resolveBertConfig({ vocabSize: 100, classNames: ['a', 'a'] })).toThrow('names must be distinct');
    expect(() => checkBertConfig({ ...resolveBertConfig({ vocabSize: 100 }), hidden: 3 } as never)).toThrow("BertClassifierConfig: unknown field 'hidden'");
  });
});
