import { checkSeq2SeqConfig, countSeq2SeqParameters, resolveSeq2SeqConfig, SEQ2SEQ_DEFAULTS, SEQ2SEQ_PRESETS, seq2seqBatchOptions } from './Seq2SeqConfig';

describe('Seq2SeqConfig', () => {
  it('resolves defaults, then the preset, then the given fields (undefined ones ignored)', () => {
    const config = resolveSeq2SeqConfig({ sourceVocabSize: 100, targetVocabSize: 90, preset: 'tiny', dropout: 0.2, ffDim: undefined });
    expect(config).toEqual({ ...SEQ2SEQ_DEFAULTS, ...SEQ2SEQ_PRESETS.tiny, sourceVocabSize: 100, targetVocabSize: 90, dropout: 0.2 });
    expect(resolveSeq2SeqConfig({ sourceVocabSize: 100, targetVocabSize: 90 }).dModel).toBe(SEQ2SEQ_DEFAULTS.dModel);
    // A resolved config round-trips through JSON and the checker.
    expect(checkSeq2SeqConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('names the field and the bad value', () => {
    const base = { sourceVocabSize: 100, targetVocabSize: 100 };
    expect(() => resolveSeq2SeqConfig({ ...base, numHeads: 0 })).toThrow('expected numHeads to be a positive integer, got 0');
    expect(() => resolveSeq2SeqConfig({ ...base, dropout: 1 })).toThrow('expected dropout to be a rate in [0, 1), got 1');
    expect(() => resolveSeq2SeqConfig({ ...base, norm: 'middle' as never })).toThrow("expected norm to be one of 'post', 'pre', got \"middle\"");
    expect(() => resolveSeq2SeqConfig({ ...base, sourceVocabSize: 3 })).toThrow('expected sourceVocabSize >= 4');
    expect(() => resolveSeq2SeqConfig({ ...base, dModel: 15, numHeads: 3 })).toThrow('sinusoidal positions need an even dModel, got 15');
    expect(() => checkSeq2SeqConfig({ ...SEQ2SEQ_DEFAULTS, ...base, sourceEos: 'yes' }, 'seq2seq.json')).toThrow('seq2seq.json: expected sourceEos to be true or false, got "yes"');
  });

  it('counts parameters for every combination of sharing, tying and positions', () => {
    // Independent count: embeddings, then per block 4 d×d projections, feed-forward, norms.
    const d = 32;
    const f = 64;
    const config = resolveSeq2SeqConfig({ sourceVocabSize: 50, targetVocabSize: 60, preset: 'tiny' });
    const block = 4 * (d * d + d) + (d * f + f + f * d + d);
    expect(countSeq2SeqParameters(config)).toBe(50 * d + 60 * d + (block + 4 * d) + (block + 4 * (d * d + d) + 6 * d) + 4 * d);
    const untied = { ...config, tieOutputEmbeddings: false, positional: 'learned' as const, norm: 'post' as const };
    expect(countSeq2SeqParameters(untied) - countSeq2SeqParameters(config)).toBe(60 * d + 60 + (32 + 32) * d - 4 * d);
  });

  it('gives the batch options that fit the model', () => {
    const config = resolveSeq2SeqConfig({ sourceVocabSize: 50, targetVocabSize: 60, maxSourceLength: 20, maxTargetLength: 30, sourceEos: true });
    expect(seq2seqBatchOptions(config)).toEqual({ maxSourceLength: 20, maxTargetLength: 30, sourceEos: true });
  });
});
