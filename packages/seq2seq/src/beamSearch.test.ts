import { initBackend } from '@tfzoo/core';
import { Random } from '@tfzoo/data';
import { beamSearchDecode } from './beamSearch';
import { greedyDecode } from './greedyDecode';
import { naiveBeamSearch } from './test-helpers/naiveBeamSearch';
import { tinyModel } from './test-helpers/tinyModel';
import { reversalPairs } from './test-helpers/toyTasks';

describe('beamSearchDecode', () => {
  beforeAll(() => initBackend('cpu', { log: null }));

  it('finds what a naive unbatched, uncached beam search finds', () => {
    const model = tinyModel({ seed: 11, targetVocabSize: 12 });
    const { sources } = reversalPairs(new Random(4), 5, { minLength: 1, maxLength: 6 });
    for (const [K, alpha] of [[2, 0.6], [3, 0], [4, 1]]) {
      const batched = beamSearchDecode(model, sources, { beamWidth: K, lengthPenalty: alpha, maxLength: 5 }).map((o) => Array.from(o));
      expect(batched).toEqual(sources.map((s) => naiveBeamSearch(model, s, K, alpha, 5)));
    }
    model.dispose();
  });

  it('with one beam is greedy decoding', () => {
    const model = tinyModel({ seed: 3 });
    const { sources } = reversalPairs(new Random(8), 10, { minLength: 1, maxLength: 8 });
    expect(beamSearchDecode(model, sources, { beamWidth: 1, lengthPenalty: 0.6, maxLength: 9 })).toEqual(greedyDecode(model, sources, 9));
    model.dispose();
  });

  it('refuses more beams than the vocabulary can fill', () => {
    const model = tinyModel({ targetVocabSize: 8 });
    expect(() => beamSearchDecode(model, [[7]], { beamWidth: 8, lengthPenalty: 0, maxLength: 3 })).toThrow('expected beamWidth below the target vocabulary size 8, got 8');
    model.dispose();
  });
});
