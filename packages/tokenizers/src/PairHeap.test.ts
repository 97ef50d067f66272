import { PairHeap } from './PairHeap';
import { seededRandom } from './test-helpers/randomText';

describe('PairHeap', () => {
  test('pops in (primary, secondary) order, matching a sort, under interleaved pushes and pops', () => {
    const rand = seededRandom(7);
    const heap = new PairHeap();
    const reference: Array<[number, number]> = [];
    const byPair = (x: [number, number], y: [number, number]) => x[0] - y[0] || x[1] - y[1];
    for (let step = 0; step < 5000; step++) {
      if (rand() < 0.6) {
        const entry: [number, number] = [Math.floor(rand() * 20) - 10, Math.floor(rand() * 20)];
        heap.push(...entry);
        reference.push(entry);
      } else {
        reference.sort(byPair);
        expect(heap.pop()).toEqual(reference.shift());
      }
      expect(heap.size).toBe(reference.length);
    }
    reference.sort(byPair);
    while (reference.length > 0) expect(heap.pop()).toEqual(reference.shift());
    expect(heap.pop()).toBeUndefined();
  });
});
