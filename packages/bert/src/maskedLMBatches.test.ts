import { RaggedInt32Array } from '@tfzoo/data';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { maskedLMEvalBatches, maskedLMTrainBatches } from './maskedLMBatches';
import { MlmMasker } from './MlmMasker';

const sequences = RaggedInt32Array.from(Array.from({ length: 40 }, (_, i) => Array.from({ length: 3 + (i % 9) }, (_, t) => 7 + ((i + t) % 30))));

describe('masked-LM batches', () => {
  it('hold flat positions b·T + t of corrupted tokens and their original ids', () => {
    const masker = new MlmMasker({ vocabSize: 40, selectionRate: 0.3 });
    const source = maskedLMTrainBatches(sequences, masker, { batchSize: 8, maxLength: 12, seed: 1 });
    for (let k = 0; k < 10; k++) {
      const batch = source.next();
      const [B, T] = batch.ids.shape;
      const N = batch.positions.shape[0];
      expect(batch.targets.shape).toEqual([N]);
      for (let n = 0; n < N; n++) {
        const at = batch.positions.data[n];
        expect(at).toBeLessThan(B * T);
        expect(batch.targets.data[n]).toBeGreaterThanOrEqual(SPECIAL_TOKENS.MASK + 1);
        if (n > 0) expect(at).toBeGreaterThan(batch.positions.data[n - 1]);
      }
      expect(Array.from(batch.weights.data).every((w) => w === 1)).toBe(true);
    }
  });

  it('give a batch with nothing chosen one slot of weight 0', () => {
    const masker = new MlmMasker({ vocabSize: 40, selectionRate: 0 });
    const [batch] = maskedLMEvalBatches(sequences, masker, { batchSize: 64, maxLength: 12, seed: 0 });
    expect(Array.from(batch.positions.data)).toEqual([0]);
    expect(Array.from(batch.weights.data)).toEqual([0]);
  });

  it('resume from their state with the same masks', () => {
    const masker = new MlmMasker({ vocabSize: 40 });
    const a = maskedLMTrainBatches(sequences, masker, { batchSize: 8, maxLength: 12, seed: 2 });
    a.next();
    const state = JSON.parse(JSON.stringify(a.getState!()));
    const ahead = [a.next(), a.next()];
    const b = maskedLMTrainBatches(sequences, masker, { batchSize: 8, maxLength: 12, seed: 2 });
    b.setState!(state);
    expect([b.next(), b.next()]).toEqual(ahead);
  });
});
