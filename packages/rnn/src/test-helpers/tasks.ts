import { Random, type IntMatrix, type LmBatch } from '@tfzoo/data';

/** LM batches of a cyclic pattern (period `period`, random phase): the next token is fully determined. */
export function cyclicLmBatch(rng: Random, batch: number, steps: number, period: number, offset = 7): LmBatch {
  const x = new Int32Array(batch * steps);
  const y = new Int32Array(batch * steps);
  for (let b = 0; b < batch; b++) {
    const phase = rng.nextInt(period);
    for (let t = 0; t < steps; t++) {
      x[b * steps + t] = offset + ((phase + t) % period);
      y[b * steps + t] = offset + ((phase + t + 1) % period);
    }
  }
  return { x: { data: x, shape: [batch, steps] }, y: { data: y, shape: [batch, steps] } };
}

/** Random ids in [offset, offset + range) as a (B, T) matrix. */
export function randomIds(rng: Random, batch: number, steps: number, range: number, offset = 7): IntMatrix {
  return { data: Int32Array.from({ length: batch * steps }, () => offset + rng.nextInt(range)), shape: [batch, steps] };
}
