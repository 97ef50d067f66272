import { BucketedBatchOrder } from './BucketedBatchOrder';

const lengths = Int32Array.from({ length: 103 }, (_, i) => (i * 37) % 50);

describe('BucketedBatchOrder', () => {
  it('gives every example exactly once per epoch, in batches of similar length', () => {
    const order = new BucketedBatchOrder(lengths, 8, { seed: 1, bucketBatches: 4 });
    expect(order.batchesPerEpoch).toBe(13);
    for (let epoch = 0; epoch < 2; epoch++) {
      const seen = Array.from({ length: 13 }, () => order.next()).flatMap((b) => Array.from(b));
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    }
    // Bucketing: the mean spread of lengths within a batch is far below that of random batches.
    const spread = (o: BucketedBatchOrder) => {
      let total = 0;
      for (let i = 0; i < 13; i++) {
        const l = Array.from(o.next(), (j) => lengths[j]);
        total += Math.max(...l) - Math.min(...l);
      }
      return total / 13;
    };
    expect(spread(new BucketedBatchOrder(lengths, 8, { seed: 1, bucketBatches: 4 }))).toBeLessThan(spread(new BucketedBatchOrder(lengths, 8, { seed: 1, bucketBatches: 1 })) / 2);
  });

  it('shuffles differently each epoch and per seed, and resumes from its state', () => {
    const a = new BucketedBatchOrder(lengths, 8, { seed: 1 });
    const first = Array.from({ length: 13 }, () => Array.from(a.next()));
    const second = Array.from({ length: 13 }, () => Array.from(a.next()));
    expect(second).not.toEqual(first);
    a.next();
    const state = a.getState();
    expect(state).toEqual({ epoch: 2, batch: 1 });
    const rest = Array.from({ length: 20 }, () => Array.from(a.next()));
    const b = new BucketedBatchOrder(lengths, 8, { seed: 1 });
    b.setState(JSON.parse(JSON.stringify(state)));
    expect(Array.from({ length: 20 }, () => Array.from(b.next()))).toEqual(rest);
    expect(Array.from(new BucketedBatchOrder(lengths, 8, { seed: 2 }).next())).not.toEqual(first[0]);
  });

  it('rejects bad arguments and states', () => {
    expect(() => new BucketedBatchOrder([], 8, { seed: 0 })).toThrow('expected at least one example');
    expect(() => new BucketedBatchOrder(lengths, 0, { seed: 0 })).toThrow('expected batchSize >= 1, got 0');
    expect(() => new BucketedBatchOrder(lengths, 8, { seed: 0 }).setState({ epoch: 0, batch: 99 })).toThrow('batch in [0, 13]');
  });
});
