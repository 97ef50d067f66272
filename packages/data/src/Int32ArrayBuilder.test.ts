import { Int32ArrayBuilder } from './Int32ArrayBuilder';
import { Random } from './Random';

describe('Int32ArrayBuilder', () => {
  test('grows past its capacity and returns exactly what was pushed', () => {
    const b = new Int32ArrayBuilder(16);
    const reference: number[] = [];
    const rng = new Random(2);
    for (let i = 0; i < 300; i++) {
      if (rng.nextInt(2) === 0) {
        const v = rng.nextInt(1000);
        b.push(v);
        reference.push(v);
      } else {
        const chunk = Array.from({ length: rng.nextInt(40) }, () => rng.nextInt(1000));
        b.append(rng.nextInt(2) === 0 ? chunk : Int32Array.from(chunk));
        reference.push(...chunk);
      }
    }
    expect(b.length).toBe(reference.length);
    expect(Array.from(b.build())).toEqual(reference);
  });
});
