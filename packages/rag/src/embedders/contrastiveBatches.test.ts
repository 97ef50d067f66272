import { unpackRows } from '../test-helpers/unpackRows';
import { contrastiveBatches } from './contrastiveBatches';

/** Text i is the tokens [100 i + 10, 100 i + 10 + length). */
const sequences = Array.from({ length: 10 }, (_, i) => Array.from({ length: 5 + i * 3 }, (_, k) => 100 * i + 10 + k));

const textOf = (tokens: number[]) => Math.floor((tokens[0] - 10) / 100);

describe('contrastiveBatches', () => {
  it('with dropout views, repeats each of B distinct texts as rows i and B + i, cut to maxLength', () => {
    const source = contrastiveBatches(sequences, { batchSize: 4, maxLength: 12, seed: 1 });
    expect(source.batchesPerEpoch).toBe(2);
    const r = unpackRows(source.next().ids);
    expect(r).toHaveLength(8);
    expect(new Set(r.slice(0, 4).map(textOf)).size).toBe(4);
    for (let i = 0; i < 4; i++) {
      expect(r[4 + i]).toEqual(r[i]);
      expect(r[i]).toEqual(sequences[textOf(r[i])].slice(0, 10));
    }
  });

  it('with crop views, gives each row a contiguous span of its own text, of the requested share', () => {
    const source = contrastiveBatches(sequences, { batchSize: 5, maxLength: 64, views: 'crop', cropFraction: [0.3, 0.6], seed: 2 });
    let differing = 0;
    for (let step = 0; step < 4; step++) {
      const r = unpackRows(source.next().ids);
      for (let i = 0; i < 5; i++) {
        const t = textOf(r[i]);
        expect(textOf(r[5 + i])).toBe(t);
        for (const crop of [r[i], r[5 + i]]) {
          const full = sequences[t];
          const start = full.indexOf(crop[0]);
          expect(crop).toEqual(full.slice(start, start + crop.length));
          expect(crop.length).toBeGreaterThanOrEqual(Math.min(full.length, 4));
          expect(crop.length).toBeLessThanOrEqual(Math.max(4, Math.round(0.6 * full.length)));
        }
        if (r[i].join() !== r[5 + i].join()) differing++;
      }
    }
    expect(differing).toBeGreaterThan(10);
  });

  it('visits every text within an epoch or two, and resumes from its state', () => {
    const source = contrastiveBatches(sequences, { batchSize: 3, maxLength: 64, views: 'crop', seed: 5 });
    const seen = new Set<number>();
    for (let i = 0; i < 2 * source.batchesPerEpoch; i++) unpackRows(source.next().ids).forEach((r) => seen.add(textOf(r)));
    expect(seen.size).toBeGreaterThanOrEqual(9);

    const state = source.getState!();
    const expected = [source.next(), source.next()];
    const resumed = contrastiveBatches(sequences, { batchSize: 3, maxLength: 64, views: 'crop', seed: 5 });
    resumed.setState!(JSON.parse(JSON.stringify(state)));
    expect([resumed.next(), resumed.next()]).toEqual(expected);
  });

  it('uses all texts in one batch when there are fewer than batchSize', () => {
    const r = unpackRows(contrastiveBatches(sequences.slice(0, 3), { batchSize: 64, maxLength: 64 }).next().ids);
    expect(r).toHaveLength(6);
  });

  it('names bad input', () => {
    expect(() => contrastiveBatches([[1]], { batchSize: 4, maxLength: 8 })).toThrow('expected at least 2 texts');
    expect(() => contrastiveBatches([[1], []], { batchSize: 4, maxLength: 8 })).toThrow('text 1 has no tokens');
    expect(() => contrastiveBatches(sequences, { batchSize: 1, maxLength: 8 })).toThrow('expected batchSize to be an integer >= 2, got 1');
    expect(() => contrastiveBatches(sequences, { batchSize: 2, maxLength: 8, cropFraction: [0.5, 0.2] })).toThrow('got [0.5, 0.2]');
  });
});
