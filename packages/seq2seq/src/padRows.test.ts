import { padRows } from './padRows';

describe('padRows', () => {
  it('pads on the right with PAD and marks real tokens, optionally appending EOS', () => {
    expect(padRows([[7, 8, 9], [10]])).toEqual({
      ids: { data: Int32Array.from([7, 8, 9, 10, 0, 0]), shape: [2, 3] },
      mask: { data: Int32Array.from([1, 1, 1, 1, 0, 0]), shape: [2, 3] },
    });
    expect(padRows([[7], []], true)).toEqual({
      ids: { data: Int32Array.from([7, 3, 3, 0]), shape: [2, 2] },
      mask: { data: Int32Array.from([1, 1, 1, 0]), shape: [2, 2] },
    });
  });

  it('keeps at least one column', () => {
    expect(padRows([[]]).ids.shape).toEqual([1, 1]);
  });
});
