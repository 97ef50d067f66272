import { confusionMatrix } from './confusionMatrix';

describe('confusionMatrix', () => {
  it('counts actual (rows) against predicted (columns)', () => {
    expect(confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1])).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(confusionMatrix([0, 0, 0, 1, 1, 2, 2, 2], [0, 0, 1, 1, 2, 2, 2, 0])).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 2],
    ]);
  });

  it('sizes the matrix from numClasses, or from the largest id seen', () => {
    expect(confusionMatrix([0], [0], 3)).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(confusionMatrix([0, 0], [0, 2])).toHaveLength(3);
  });

  it('rejects ids outside the classes', () => {
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow('expected labels to be class ids in [0, 2), got 2 at index 1');
    expect(() => confusionMatrix([0, 1], [0, 0.5], 2)).toThrow('expected predictions to be class ids in [0, 2), got 0.5 at index 1');
  });
});
