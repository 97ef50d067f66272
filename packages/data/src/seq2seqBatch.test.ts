import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { matrixToArrays } from './IntMatrix';
import { makeSeq2SeqBatch } from './seq2seqBatch';

const { BOS, EOS } = SPECIAL_TOKENS;

describe('makeSeq2SeqBatch', () => {
  test('decoder input is [BOS] target, target is target [EOS], all padded with masks', () => {
    const b = makeSeq2SeqBatch([[10, 11, 12], [13]], [[20, 21], [22, 23, 24]]);
    expect(matrixToArrays(b.encoderInput)).toEqual([[10, 11, 12], [13, 0, 0]]);
    expect(matrixToArrays(b.encoderMask)).toEqual([[1, 1, 1], [1, 0, 0]]);
    expect(matrixToArrays(b.decoderInput)).toEqual([[BOS, 20, 21, 0], [BOS, 22, 23, 24]]);
    expect(matrixToArrays(b.target)).toEqual([[20, 21, EOS, 0], [22, 23, 24, EOS]]);
    expect(matrixToArrays(b.decoderMask)).toEqual([[1, 1, 1, 0], [1, 1, 1, 1]]);
  });

  test('target is decoder input shifted left by one on every real position', () => {
    const b = makeSeq2SeqBatch([[1]], [[30, 31, 32, 33]]);
    const [dec] = matrixToArrays(b.decoderInput);
    const [tgt] = matrixToArrays(b.target);
    for (let u = 0; u + 1 < dec.length; u++) expect(dec[u + 1]).toBe(tgt[u]);
  });

  test('truncation cuts decoder input and target at the same place (no EOS on a cut target)', () => {
    const b = makeSeq2SeqBatch([[10, 11, 12, 13]], [[20, 21, 22, 23]], { maxSourceLength: 3, maxTargetLength: 3 });
    expect(matrixToArrays(b.encoderInput)).toEqual([[10, 11, 12]]);
    expect(matrixToArrays(b.decoderInput)).toEqual([[BOS, 20, 21]]);
    expect(matrixToArrays(b.target)).toEqual([[20, 21, 22]]);
    // Exactly at the limit the EOS still fits.
    expect(matrixToArrays(makeSeq2SeqBatch([[1]], [[20, 21]], { maxTargetLength: 3 }).target)).toEqual([[20, 21, EOS]]);
  });

  test('sourceEos appends EOS after the (truncated) source', () => {
    const b = makeSeq2SeqBatch([[10, 11, 12], [13]], [[20], [21]], { sourceEos: true, maxSourceLength: 3 });
    expect(matrixToArrays(b.encoderInput)).toEqual([[10, 11, EOS], [13, EOS, 0]]);
    expect(matrixToArrays(b.encoderMask)).toEqual([[1, 1, 1], [1, 1, 0]]);
  });

  test('an empty target still trains BOS → EOS; bad arguments are rejected', () => {
    const b = makeSeq2SeqBatch([[1]], [[]]);
    expect(matrixToArrays(b.decoderInput)).toEqual([[BOS]]);
    expect(matrixToArrays(b.target)).toEqual([[EOS]]);
    expect(() => makeSeq2SeqBatch([[1]], [])).toThrow('expected one target per source (1), got 0 targets');
    expect(() => makeSeq2SeqBatch([], [], { maxTargetLength: 0 })).toThrow('expected maxTargetLength to be an integer >= 1, got 0');
    expect(() => makeSeq2SeqBatch([], [], { maxSourceLength: 1, sourceEos: true })).toThrow('expected maxSourceLength to be an integer >= 2, got 1');
  });
});
