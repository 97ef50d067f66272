import { Seq2SeqTransformer, type Seq2SeqCreateOptions } from '../Seq2SeqTransformer';

/** A very small model for fast tests: d 16, one block per side, no dropout. */
export function tinyModel(overrides: Partial<Seq2SeqCreateOptions> = {}): Seq2SeqTransformer {
  return Seq2SeqTransformer.create({
    sourceVocabSize: 15,
    targetVocabSize: 17,
    preset: 'tiny',
    dModel: 16,
    numHeads: 2,
    ffDim: 32,
    maxSourceLength: 12,
    maxTargetLength: 10,
    dropout: 0,
    seed: 1,
    ...overrides,
  });
}
