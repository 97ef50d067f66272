import { initBackend } from '@tfzoo/core';
import { buildGPTModel } from './buildGPTModel';
import { checkGPTConfig, countGPTParameters, GPT_DEFAULTS, gptConfig } from './GPTConfig';

beforeAll(() => initBackend('cpu', { log: null }));

test("the defaults are the source text's decoder: sinusoidal positions, post-norm, ReLU, separate output layer", () => {
  expect(gptConfig({ vocabSize: 65 })).toEqual({ vocabSize: 65, ...GPT_DEFAULTS });
  expect(GPT_DEFAULTS).toMatchObject({ positional: 'sinusoidal', norm: 'post', activation: 'relu', tieEmbeddings: false });
});

test('presets set the sizes; overrides win over presets', () => {
  expect(gptConfig({ vocabSize: 65 }, 'nano')).toMatchObject({ nLayer: 2, nEmbd: 64, blockSize: 64 });
  expect(gptConfig({ vocabSize: 65 }, 'small')).toMatchObject({ nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256 });
  expect(gptConfig({ vocabSize: 65, nLayer: 3, positional: 'learned' }, 'mini')).toMatchObject({ nLayer: 3, nEmbd: 128, positional: 'learned' });
  expect(gptConfig({ vocabSize: 65, nLayer: undefined }, 'nano').nLayer).toBe(2);
  expect(() => gptConfig({ vocabSize: 65 }, 'huge' as never)).toThrow('unknown GPT preset "huge"; expected one of nano, mini, small');
});

test('bad fields are named with their values', () => {
  expect(() => gptConfig({ vocabSize: 0 })).toThrow('GPT config: expected vocabSize to be a positive integer, got 0');
  expect(() => gptConfig({ vocabSize: 10, nEmbd: 30, nHead: 4 })).toThrow('nEmbd 30 is not divisible by nHead 4');
  expect(() => gptConfig({ vocabSize: 10, norm: 'middle' as never })).toThrow(`expected norm to be one of 'post', 'pre', got "middle"`);
  expect(() => gptConfig({ vocabSize: 10, dropout: 1 })).toThrow('expected dropout to be a rate in [0, 1), got 1');
  expect(() => checkGPTConfig({ vocabSize: 10 }, 'x/gpt.json')).toThrow('x/gpt.json: expected blockSize to be a positive integer, got undefined');
});

test.each([
  [{}],
  [{ positional: 'learned' as const, norm: 'pre' as const, tieEmbeddings: true }],
  [{ nLayer: 3, activation: 'gelu' as const, norm: 'pre' as const }],
])('countGPTParameters agrees with the built model (%j)', (overrides) => {
  const config = gptConfig({ vocabSize: 23, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 12, ...overrides });
  const { model } = buildGPTModel(config);
  expect(countGPTParameters(config)).toBe(model.countParams());
  model.dispose();
});
