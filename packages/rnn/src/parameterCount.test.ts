import { initBackend } from '@tfzoo/core';
import { matchRnnLanguageModelSize, recurrentLayerParams, rnnLanguageModelParams } from './parameterCount';
import { RnnLanguageModel } from './RnnLanguageModel';

describe('parameter counts', () => {
  beforeAll(() => initBackend('cpu', { log: null }));

  it('counts a layer as Keras does: LSTM 4·(D·H + H² + H), GRU (reset after) 3·(D·H + H² + 2H)', () => {
    expect(recurrentLayerParams('lstm', 10, 20)).toBe(4 * (10 * 20 + 400 + 20));
    expect(recurrentLayerParams('gru', 10, 20)).toBe(3 * (10 * 20 + 400 + 40));
  });

  it.each(['lstm', 'gru'] as const)('agrees with a built %s model', (cell) => {
    for (const config of [
      { cell, vocabSize: 17, hiddenSize: 9, embedDim: 5, numLayers: 3 },
      { cell, vocabSize: 65, hiddenSize: 12 },
    ]) {
      const lm = new RnnLanguageModel(config);
      expect(rnnLanguageModelParams(config)).toBe(lm.countParams());
      lm.dispose();
    }
  });

  it.each(['lstm', 'gru'] as const)('sizes a %s to a parameter budget within 10 %%', (cell) => {
    for (const [vocabSize, targetParams, numLayers] of [[65, 200_000, 2], [2000, 1_000_000, 2], [128, 50_000, 1], [256, 3_000_000, 3]]) {
      const match = matchRnnLanguageModelSize({ cell, vocabSize, targetParams, numLayers });
      expect(Math.abs(match.params - targetParams) / targetParams).toBeLessThan(0.1);
      expect(match.params).toBe(rnnLanguageModelParams(match.config));
      expect(match.relativeError).toBeCloseTo((match.params - targetParams) / targetParams, 12);
      // No other hidden size is closer.
      for (const H of [match.config.hiddenSize - 1, match.config.hiddenSize + 1]) {
        if (H < 1) continue;
        expect(Math.abs(rnnLanguageModelParams({ ...match.config, hiddenSize: H }) - targetParams)).toBeGreaterThanOrEqual(Math.abs(match.params - targetParams));
      }
    }
  });

  it('holds a fixed embedding width when asked', () => {
    const match = matchRnnLanguageModelSize({ cell: 'lstm', vocabSize: 100, targetParams: 300_000, embedDim: 32 });
    expect(match.config.embedDim).toBe(32);
    expect(Math.abs(match.relativeError)).toBeLessThan(0.1);
  });

  it('says why a budget cannot be met', () => {
    // The vocabulary alone (embedding + head) outweighs the budget.
    expect(() => matchRnnLanguageModelSize({ cell: 'gru', vocabSize: 5000, targetParams: 1000 })).toThrow(
      /cannot size a 2-layer gru over a vocabulary of 5000 to 1000 parameters within 10 %: the closest, hidden size 1, has \d+/,
    );
  });
});
