import { Random } from './Random';
import { permutation, shuffle } from './shuffle';

describe('shuffle', () => {
  const items = Array.from({ length: 50 }, (_, i) => `item${i}`);

  test('is reproducible for a seed, a permutation of the input, and leaves the input alone', () => {
    const copy = items.slice();
    const a = shuffle(items, 3);
    expect(shuffle(items, 3)).toEqual(a);
    expect(items).toEqual(copy);
    expect(a.slice().sort()).toEqual(items.slice().sort());
    expect(a).not.toEqual(items);
    expect(shuffle(items, 4)).not.toEqual(a);
  });

  test('a shared Random gives a new order per call (one shuffle per epoch)', () => {
    const rng = new Random(9);
    const e1 = shuffle(items, rng);
    const e2 = shuffle(items, rng);
    expect(e2).not.toEqual(e1);
    const again = new Random(9);
    expect([shuffle(items, again), shuffle(items, again)]).toEqual([e1, e2]);
  });

  test('every position is reachable: small shuffles visit all 6 orders of 3 items', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) seen.add(shuffle(['a', 'b', 'c'], seed).join(''));
    expect(seen.size).toBe(6);
  });

  test('empty and one-item inputs', () => {
    expect(shuffle([], 1)).toEqual([]);
    expect(shuffle(['x'], 1)).toEqual(['x']);
  });
});

describe('permutation', () => {
  test('is a permutation of 0..n-1 and matches shuffle of the indices', () => {
    const p = permutation(100, 11);
    expect(p).toBeInstanceOf(Int32Array);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).toEqual(shuffle(Array.from({ length: 100 }, (_, i) => i), 11));
    expect(() => permutation(-1, 0)).toThrow('expected a length n >= 0, got -1');
  });
});
