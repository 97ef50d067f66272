import { RaggedInt32Array } from './RaggedInt32Array';
import { RaggedInt32Builder } from './RaggedInt32Builder';

describe('RaggedInt32Array', () => {
  const seqs = [[1, 2, 3], [], [4], [5, 6]];

  test('from / builder / get / lengthOf agree with the input', () => {
    const builder = new RaggedInt32Builder();
    seqs.forEach((s) => builder.push(s));
    for (const r of [RaggedInt32Array.from(seqs), builder.build()]) {
      expect(r.length).toBe(4);
      expect(Array.from(r.offsets)).toEqual([0, 3, 3, 4, 6]);
      expect(seqs.map((_, i) => Array.from(r.get(i)))).toEqual(seqs);
      expect(seqs.map((_, i) => r.lengthOf(i))).toEqual([3, 0, 1, 2]);
    }
  });

  test('get returns views; select repacks in the given order', () => {
    const r = RaggedInt32Array.from(seqs);
    expect(r.get(0).buffer).toBe(r.values.buffer);
    const s = r.select([3, 0, 3]);
    expect([0, 1, 2].map((i) => Array.from(s.get(i)))).toEqual([[5, 6], [1, 2, 3], [5, 6]]);
  });

  test('bad offsets and indices are rejected', () => {
    expect(() => new RaggedInt32Array(new Int32Array(3), Int32Array.from([0, 2]))).toThrow('expected offsets from 0 to values.length = 3');
    expect(() => new RaggedInt32Array(new Int32Array(3), Int32Array.from([0, 2, 1, 3]))).toThrow('expected non-decreasing offsets');
    expect(() => RaggedInt32Array.from(seqs).get(4)).toThrow('expected a sequence index in [0, 4), got 4');
  });
});
