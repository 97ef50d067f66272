import { createIntMatrix, matrixRow, matrixToArrays } from './IntMatrix';

describe('IntMatrix helpers', () => {
  test('createIntMatrix is zero-filled; matrixRow is a writable view', () => {
    const m = createIntMatrix(2, 3);
    expect(m.shape).toEqual([2, 3]);
    matrixRow(m, 1)[2] = 9;
    expect(matrixToArrays(m)).toEqual([[0, 0, 0], [0, 0, 9]]);
    expect(() => matrixRow(m, 2)).toThrow('expected a row in [0, 2), got 2');
    expect(() => createIntMatrix(-1, 2)).toThrow('expected a matrix shape of non-negative integers, got [-1, 2]');
  });
});
