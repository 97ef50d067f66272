import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { ClassificationDataset } from './ClassificationDataset';
import { matrixRow, matrixToArrays } from './IntMatrix';
import { TinyCharTokenizer } from './test-helpers/TinyCharTokenizer';

const tok = new TinyCharTokenizer();
const examples = [
  { text: 'good', label: 1 },
  { text: 'bad', label: 0 },
  { text: 'fine film', label: 1 },
  { text: 'no', label: 0 },
  { text: 'ok', label: 1 },
];

describe('ClassificationDataset', () => {
  test('an epoch yields every example exactly once, row matching its label', () => {
    const ds = ClassificationDataset.fromExamples(examples, tok, { startId: SPECIAL_TOKENS.CLS });
    expect(ds.size).toBe(5);
    const seen: string[] = [];
    for (const b of ds.batches(2, { seed: 1 })) {
      for (let r = 0; r < b.inputIds.shape[0]; r++) {
        const row = matrixRow(b.inputIds, r);
        expect(row[0]).toBe(SPECIAL_TOKENS.CLS);
        const text = tok.decode(row.subarray(1));
        seen.push(text);
        expect(b.labels.data[r]).toBe(examples.find((e) => e.text === text)!.label);
      }
    }
    expect(seen.sort()).toEqual(examples.map((e) => e.text).sort());
  });

  test('order is the file order without a seed, reproducible with one; dropLast drops the short batch', () => {
    const ds = ClassificationDataset.fromExamples(examples, tok);
    expect([...ds.batches(5)].map((b) => b.labels.data)).toEqual([Int32Array.from([1, 0, 1, 0, 1])]);
    const a = [...ds.batches(2, { seed: 4 })].map((b) => matrixToArrays(b.inputIds));
    expect([...ds.batches(2, { seed: 4 })].map((b) => matrixToArrays(b.inputIds))).toEqual(a);
    expect([...ds.batches(2, { seed: 4, dropLast: true })]).toHaveLength(2);
  });

  test('bad labels or options fail at construction', () => {
    expect(() => ClassificationDataset.fromExamples([{ text: 'a', label: 0.5 }], tok)).toThrow('expected class ids (integers >= 0) for int32 labels');
    expect(() => ClassificationDataset.fromExamples(examples, tok, { maxLength: 0 })).toThrow('expected maxLength to be an integer > 0');
  });
});
