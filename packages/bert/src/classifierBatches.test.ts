import { RaggedInt32Array } from '@tfzoo/data';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { classifierEvalBatches, classifierTrainBatches } from './classifierBatches';

const { CLS, SEP, UNK } = SPECIAL_TOKENS;
const sequences = RaggedInt32Array.from(Array.from({ length: 20 }, (_, i) => Array.from({ length: 1 + (i % 7) }, (_, t) => 10 + i + t)));
const labels = Array.from({ length: 20 }, (_, i) => i % 2);

describe('classifier batches', () => {
  it('wrap rows as <cls> tokens <sep>, cut to maxLength, pad with 0, and carry the labels', () => {
    const [first] = classifierEvalBatches(sequences, labels, { batchSize: 32, maxLength: 6, labelDtype: 'float32' });
    const [B, L] = first.ids.shape;
    expect([B, L]).toEqual([20, 6]);
    const rows = Array.from({ length: B }, (_, b) => Array.from(first.ids.data.subarray(b * L, (b + 1) * L)));
    // Sorted by length: the first row is a one-token sequence.
    expect(rows[0]).toEqual([CLS, 10, SEP, 0, 0, 0]);
    // A 7-token sequence keeps its first 4 tokens and both special tokens.
    expect(rows[B - 1]).toEqual([CLS, 23, 24, 25, 26, SEP]); // example 13
    expect(first.labels.data).toBeInstanceOf(Float32Array);
    // Each row's first token is 10 + its example index, whose label is index % 2.
    expect(Array.from(first.labels.data)).toEqual(rows.map((r) => (r[1] - 10) % 2));
    expect(new Set(rows.map((r) => r[1])).size).toBe(20);
  });

  it('cover every example once per epoch and resume from their state', () => {
    const source = classifierTrainBatches(sequences, labels, { batchSize: 6, maxLength: 10, seed: 3, labelDtype: 'int32', tokenDropout: 0.3 });
    expect(source.batchesPerEpoch).toBe(4);
    let firstTokens = 0;
    for (let i = 0; i < 4; i++) firstTokens += source.next().labels.shape[0];
    expect(firstTokens).toBe(20);
    const state = JSON.parse(JSON.stringify(source.getState!()));
    const ahead = [source.next(), source.next()];
    const again = classifierTrainBatches(sequences, labels, { batchSize: 6, maxLength: 10, seed: 3, labelDtype: 'int32', tokenDropout: 0.3 });
    again.setState!(state);
    expect([again.next(), again.next()]).toEqual(ahead);
  });

  it('replace ordinary tokens (never <cls>, <sep> or PAD) by <unk> at the token-dropout rate', () => {
    const source = classifierTrainBatches(sequences, labels, { batchSize: 20, maxLength: 10, seed: 1, labelDtype: 'int32', tokenDropout: 0.5 });
    let ordinary = 0;
    let dropped = 0;
    for (let epoch = 0; epoch < 50; epoch++) {
      const { ids } = source.next();
      const [B, L] = ids.shape;
      for (let b = 0; b < B; b++) {
        const row = Array.from(ids.data.subarray(b * L, (b + 1) * L));
        expect(row[0]).toBe(CLS);
        const end = row.indexOf(SEP);
        expect(row.slice(end + 1).every((id) => id === 0)).toBe(true);
        for (const id of row.slice(1, end)) {
          ordinary++;
          if (id === UNK) dropped++;
        }
      }
    }
    expect(Math.abs(dropped / ordinary - 0.5)).toBeLessThan(0.03);
  });
});
