import { permutation } from '@tfzoo/data';
import { epochCursor } from './epochCursor';

const orderOf = (epochSeed: number): Int32Array => permutation(7, epochSeed);

describe('epochCursor', () => {
  it('cuts each epoch into full batches of distinct items and reshuffles per epoch', () => {
    const cursor = epochCursor(7, 3, 5, orderOf, 'test');
    expect(cursor.batchSize).toBe(3);
    expect(cursor.batchesPerEpoch).toBe(2);
    const first = [...cursor.next().indices, ...cursor.next().indices];
    expect(new Set(first).size).toBe(6);
    expect(first).toEqual([...permutation(7, 5).subarray(0, 6)]);
    expect([...cursor.next().indices]).toEqual([...permutation(7, 6).subarray(0, 3)]);
    expect(cursor.getState()).toEqual({ epoch: 1, position: 3 });
  });

  it('resumes to the same batches and the same random draws', () => {
    const a = epochCursor(7, 3, 1, orderOf, 'test');
    a.next();
    const state = a.getState();
    const expected = a.next();
    const b = epochCursor(7, 3, 1, orderOf, 'test');
    b.setState(state);
    const got = b.next();
    expect([...got.indices]).toEqual([...expected.indices]);
    expect(got.random.nextFloat()).toBe(expected.random.nextFloat());
  });

  it('caps the batch at n and names its owner on a bad state', () => {
    expect(epochCursor(2, 8, 0, (s) => permutation(2, s), 'x').batchSize).toBe(2);
    expect(() => epochCursor(7, 3, 0, orderOf, 'ictBatches').setState({ epoch: 'a' })).toThrow('ictBatches: expected a state {epoch, position}, got {"epoch":"a"}');
  });
});
