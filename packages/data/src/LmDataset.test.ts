import { matrixRow, matrixToArrays } from './IntMatrix';
import { LmDataset } from './LmDataset';

// With tokens[i] = i, a window's first id is its start offset, which makes checks direct.
const arange = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('LmDataset.sampleBatch', () => {
  test('x and y are (B, T); every row is a slice of the stream and y is x shifted by one', () => {
    const tokens = Int32Array.from({ length: 200 }, (_, i) => (i * 7919) % 101);
    const ds = new LmDataset(tokens, { blockSize: 8, seed: 3 });
    const { x, y } = ds.sampleBatch(16);
    expect(x.shape).toEqual([16, 8]);
    expect(y.shape).toEqual([16, 8]);
    for (let b = 0; b < 16; b++) {
      const xr = matrixRow(x, b);
      const yr = matrixRow(y, b);
      for (let t = 0; t < 7; t++) expect(yr[t]).toBe(xr[t + 1]);
      // The window must occur in the stream at some offset s, with y the next T tokens.
      let found = false;
      for (let s = 0; s + 8 < tokens.length && !found; s++) {
        found = xr.every((v, t) => v === tokens[s + t]) && yr.every((v, t) => v === tokens[s + 1 + t]);
      }
      expect(found).toBe(true);
    }
  });

  test('window starts are uniform over [0, N - T): all are reached, none beyond', () => {
    const ds = new LmDataset(arange(20), { blockSize: 4, seed: 0 });
    expect(ds.numWindows).toBe(16);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const { x, y } = ds.sampleBatch(8);
      for (let b = 0; b < 8; b++) {
        const s = matrixRow(x, b)[0];
        seen.add(s);
        expect(Array.from(matrixRow(x, b))).toEqual([s, s + 1, s + 2, s + 3]);
        expect(Array.from(matrixRow(y, b))).toEqual([s + 1, s + 2, s + 3, s + 4]);
      }
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  test('the same seed gives the same batches; the generator state resumes a run', () => {
    const a = new LmDataset(arange(500), { blockSize: 16, seed: 11 });
    const b = new LmDataset(arange(500), { blockSize: 16, seed: 11 });
    expect(a.sampleBatch(4)).toEqual(b.sampleBatch(4));
    const saved = a.random.state;
    const next = a.sampleBatch(4);
    const c = new LmDataset(arange(500), { blockSize: 16, seed: 99 });
    c.random.state = saved;
    expect(c.sampleBatch(4)).toEqual(next);
    expect(new LmDataset(arange(500), { blockSize: 16, seed: 12 }).sampleBatch(4)).not.toEqual(new LmDataset(arange(500), { blockSize: 16, seed: 11 }).sampleBatch(4));
  });

  test('a stream exactly T + 1 long has one window', () => {
    const ds = new LmDataset(arange(5), { blockSize: 4 });
    expect(matrixToArrays(ds.sampleBatch(2).y)).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
  });
});

describe('LmDataset.evalBatches', () => {
  test('walks non-overlapping windows 0, T, 2T, ...; the last batch may be smaller', () => {
    const ds = new LmDataset(arange(23), { blockSize: 4 });
    expect(ds.numEvalWindows).toBe(5); // floor(22 / 4)
    const batches = [...ds.evalBatches(2)];
    expect(batches.map((b) => b.x.shape)).toEqual([[2, 4], [2, 4], [1, 4]]);
    const firstIds = batches.flatMap((b) => matrixToArrays(b.x).map((row) => row[0]));
    expect(firstIds).toEqual([0, 4, 8, 12, 16]);
    const last = batches[2];
    expect(matrixToArrays(last.y)).toEqual([[17, 18, 19, 20]]);
    // Together the windows predict every target position 1..20 exactly once.
    const targets = batches.flatMap((b) => Array.from(b.y.data));
    expect(targets).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect([...ds.evalBatches(2, { maxBatches: 1 })]).toHaveLength(1);
  });
});

describe('LmDataset validation', () => {
  test('short streams, bad sizes and out-of-vocabulary ids are clear errors', () => {
    expect(() => new LmDataset(arange(4), { blockSize: 4 })).toThrow('expected at least blockSize + 1 = 5 tokens, got 4');
    expect(() => new LmDataset(arange(10), { blockSize: 0 })).toThrow('expected blockSize >= 1, got 0');
    expect(() => new LmDataset(Int32Array.from([1, 2, 70, 3]), { blockSize: 2, vocabSize: 65 })).toThrow(
      'expected token ids in [0, 65), got 70 at position 2 of the token stream',
    );
    expect(() => new LmDataset([1, 2, 3] as unknown as Int32Array, { blockSize: 1 })).toThrow('expected the token stream as an Int32Array');
    expect(() => new LmDataset(arange(10), { blockSize: 2 }).sampleBatch(0)).toThrow('expected batchSize >= 1, got 0');
    expect(() => new LmDataset(arange(10), { blockSize: 2 }).windows([8])).toThrow('expected window starts in [0, 8), got 8 at 0');
  });
});
