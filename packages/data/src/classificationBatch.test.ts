import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { makeClassificationBatch } from './classificationBatch';
import { matrixToArrays } from './IntMatrix';

describe('makeClassificationBatch', () => {
  test('pads to the longest row with PAD = 0 and masks exactly the real tokens', () => {
    const b = makeClassificationBatch([[7, 8, 9], [10], [11, 12]], [1, 0, 2]);
    expect(b.inputIds.shape).toEqual([3, 3]);
    expect(matrixToArrays(b.inputIds)).toEqual([[7, 8, 9], [10, 0, 0], [11, 12, 0]]);
    expect(matrixToArrays(b.mask)).toEqual([[1, 1, 1], [1, 0, 0], [1, 1, 0]]);
    expect(b.labels.data).toEqual(Int32Array.from([1, 0, 2]));
    expect(b.labels.shape).toEqual([3]);
  });

  test('CLS/SEP wrap each row; truncation keeps them and drops tokens from the end', () => {
    const { CLS, SEP } = SPECIAL_TOKENS;
    const b = makeClassificationBatch([[7, 8, 9, 10, 11], [12]], [0, 1], { maxLength: 4, startId: CLS, endId: SEP });
    expect(matrixToArrays(b.inputIds)).toEqual([[CLS, 7, 8, SEP], [CLS, 12, SEP, 0]]);
    expect(matrixToArrays(b.mask)).toEqual([[1, 1, 1, 1], [1, 1, 1, 0]]);
    expect(matrixToArrays(makeClassificationBatch([[7, 8, 9]], [0], { maxLength: 2 }).inputIds)).toEqual([[7, 8]]);
  });

  test('the mask comes from lengths, so a real token with id 0 is still masked in', () => {
    expect(matrixToArrays(makeClassificationBatch([[0, 5], [5]], [0, 0]).mask)).toEqual([[1, 1], [1, 0]]);
  });

  test('float32 labels for binary/regression targets; int32 labels must be class ids', () => {
    const b = makeClassificationBatch([[7]], [0.25], { labelDtype: 'float32' });
    expect(b.labels.data).toBeInstanceOf(Float32Array);
    expect(Array.from(b.labels.data)).toEqual([0.25]);
    expect(() => makeClassificationBatch([[7]], [0.5])).toThrow('expected class ids (integers >= 0) for int32 labels, got 0.5 at 0');
    expect(() => makeClassificationBatch([[7]], [])).toThrow('expected one label per sequence (1), got 0 labels');
    expect(() => makeClassificationBatch([[7]], [0], { maxLength: 2, startId: 4, endId: 5 })).toThrow(
      'expected maxLength to be an integer > 2 (the special tokens per row), got 2',
    );
  });

  test('a batch of empty sequences still has one (masked) column', () => {
    const b = makeClassificationBatch([[], []], [0, 1]);
    expect(b.inputIds.shape).toEqual([2, 1]);
    expect(Array.from(b.mask.data)).toEqual([0, 0]);
  });
});
