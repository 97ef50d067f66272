import { broadcastBatchIndices, matMulShapes } from './matMulShapes';

describe('matMulShapes', () => {
  test('reads m, k, n through the transposes', () => {
    expect(matMulShapes([3, 5], [5, 7], false, false)).toMatchObject({ m: 3, k: 5, n: 7, outShape: [3, 7] });
    expect(matMulShapes([5, 3], [5, 7], true, false)).toMatchObject({ m: 3, k: 5, n: 7 });
    expect(matMulShapes([3, 5], [7, 5], false, true)).toMatchObject({ m: 3, k: 5, n: 7 });
    expect(matMulShapes([5, 3], [7, 5], true, true)).toMatchObject({ m: 3, k: 5, n: 7 });
  });

  test('broadcasts batch dims, missing leading dims counting as 1', () => {
    expect(matMulShapes([2, 1, 3, 5], [4, 5, 7], false, false)).toEqual({
      m: 3,
      k: 5,
      n: 7,
      aBatch: 2,
      bBatch: 4,
      outBatch: 8,
      outShape: [2, 4, 3, 7],
    });
    expect(matMulShapes([6, 3, 5], [5, 7], false, false)).toMatchObject({ aBatch: 6, bBatch: 1, outShape: [6, 3, 7] });
  });

  test('errors name the shapes that do not fit', () => {
    expect(() => matMulShapes([3, 5], [6, 7], false, false)).toThrow(
      'matMul: inner dimensions must match, got 5 and 6 (shapes [3,5] and [6,7], transposeA=false, transposeB=false)',
    );
    expect(() => matMulShapes([5], [5, 7], false, false)).toThrow('expected operands of rank >= 2, got shapes [5] and [5,7]');
    expect(() => matMulShapes([2, 3, 5], [3, 5, 7], false, false)).toThrow();
  });
});

describe('broadcastBatchIndices', () => {
  test('maps each output matrix to the operand matrix it reads', () => {
    // out batch (2, 3): a has (2, 1), b has (3)
    expect(Array.from(broadcastBatchIndices([2, 1, 4, 4], [2, 3, 4, 4]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(broadcastBatchIndices([3, 4, 4], [2, 3, 4, 4]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(broadcastBatchIndices([2, 3, 4, 4], [2, 3, 4, 4]))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(broadcastBatchIndices([4, 4], [5, 4, 4]))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(broadcastBatchIndices([4, 4], [4, 4]))).toEqual([0]);
  });
});
