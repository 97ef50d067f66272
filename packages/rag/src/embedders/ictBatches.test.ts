import { Random } from '@tfzoo/data';
import { unpackRows } from '../test-helpers/unpackRows';
import { groupedOrder, ictBatches, ictPair } from './ictBatches';

/** Passage p, sentence s is the tokens [1000 p + 100 s + 10, … + length): every token says where it came from. */
function passage(p: number, lengths: number[]): number[][] {
  return lengths.map((length, s) => Array.from({ length }, (_, k) => 1000 * p + 100 * s + 10 + k));
}
const passages = Array.from({ length: 9 }, (_, p) => passage(p, Array.from({ length: 1 + (p % 4) }, (_, s) => 3 + ((p + s) % 5))));

const passageOf = (tokens: number[]) => Math.floor((tokens[0] - 10) / 1000);
const sentenceOf = (token: number) => Math.floor(((token - 10) % 1000) / 100);

describe('ictPair', () => {
  const sentences = passage(0, [4, 6, 5, 3]);
  const all = sentences.flat();

  it('takes one sentence of the passage as the query and the rest, in order, as the key; nothing else is lost', () => {
    const random = new Random(3);
    const seen = new Set<number>();
    let removed = 0;
    for (let draw = 0; draw < 200; draw++) {
      const pair = ictPair(sentences, random, 100, 0.1);
      seen.add(pair.sentence);
      expect(pair.query).toEqual(sentences[pair.sentence]);
      if (pair.kept) {
        expect(pair.key).toEqual(all);
      } else {
        removed++;
        expect(pair.key).toEqual(sentences.filter((_, s) => s !== pair.sentence).flat());
        // Query and key together are exactly the passage.
        expect([...pair.query, ...pair.key].sort((a, b) => a - b)).toEqual(all);
      }
    }
    expect(seen.size).toBe(4);
    // keepProbability 0.1 over 200 draws: about 180 removed.
    expect(removed).toBeGreaterThan(160);
    expect(removed).toBeLessThan(200);
  });

  it('keeps always or never with keepProbability 1 or 0, and a lone sentence is its own key', () => {
    const random = new Random(5);
    for (let i = 0; i < 20; i++) expect(ictPair(sentences, random, 100, 1).kept).toBe(true);
    for (let i = 0; i < 20; i++) expect(ictPair(sentences, random, 100, 0).kept).toBe(false);
    const lone = ictPair([[7, 8, 9]], random, 100, 0);
    expect(lone).toEqual({ query: [7, 8, 9], key: [7, 8, 9], sentence: 0, kept: true });
  });

  it('cuts a long key to a window of room tokens around where the query sentence was', () => {
    const long = passage(0, [20, 20, 20, 20, 20]);
    const random = new Random(8);
    for (let draw = 0; draw < 50; draw++) {
      const pair = ictPair(long, random, 16, 0);
      expect(pair.key).toHaveLength(16);
      const rest = long.filter((_, s) => s !== pair.sentence).flat();
      const start = rest.indexOf(pair.key[0]);
      expect(rest.slice(start, start + 16)).toEqual(pair.key); // contiguous in what is left
      // The window touches the neighbours of the removed sentence.
      const neighbours = new Set([pair.sentence - 1, pair.sentence + 1]);
      expect(pair.key.some((t) => neighbours.has(sentenceOf(t)))).toBe(true);
      expect(pair.query).toHaveLength(16);
    }
  });

  it('names bad input', () => {
    expect(() => ictPair([], new Random(1), 10)).toThrow('expected a passage with at least one sentence, got none');
    expect(() => ictPair([[1]], new Random(1), 0)).toThrow('expected room to be an integer >= 1, got 0');
  });
});

describe('ictBatches', () => {
  it('gives B distinct passages: query rows [0, B) and key rows [B, 2B) of the same passages, in order', () => {
    const source = ictBatches(passages, { batchSize: 4, maxLength: 64, seed: 1 });
    expect(source.batchesPerEpoch).toBe(2);
    for (let step = 0; step < 5; step++) {
      const r = unpackRows(source.next().ids);
      expect(r).toHaveLength(8);
      const ids = r.slice(0, 4).map(passageOf);
      expect(new Set(ids).size).toBe(4);
      for (let i = 0; i < 4; i++) {
        const p = ids[i];
        const query = r[i];
        const key = r[4 + i];
        expect(passageOf(key)).toBe(p);
        // The query is one whole sentence of passage p.
        expect(passages[p]).toContainEqual(query);
        const s = sentenceOf(query[0]);
        const removed = !key.includes(query[0]);
        expect(key).toEqual(removed ? passages[p].filter((_, k) => k !== s).flat() : passages[p].flat());
      }
    }
  });

  it('is deterministic for a seed, differs across seeds, and resumes from its state', () => {
    const a = ictBatches(passages, { batchSize: 3, maxLength: 64, seed: 7 });
    const b = ictBatches(passages, { batchSize: 3, maxLength: 64, seed: 7 });
    const c = ictBatches(passages, { batchSize: 3, maxLength: 64, seed: 8 });
    const first = Array.from({ length: 7 }, () => a.next().ids);
    const again = Array.from({ length: 7 }, () => b.next().ids);
    expect(again).toEqual(first);
    expect(Array.from({ length: 7 }, () => c.next().ids)).not.toEqual(first);
    const state = a.getState!();
    const next = [a.next().ids, a.next().ids];
    const resumed = ictBatches(passages, { batchSize: 3, maxLength: 64, seed: 7 });
    resumed.setState!(JSON.parse(JSON.stringify(state)));
    expect([resumed.next().ids, resumed.next().ids]).toEqual(next);
  });

  it('with groups, fills each batch from as few groups as possible, a different mix each epoch', () => {
    // 12 passages in 3 documents of 4: batches of 4 are then whole documents.
    const many = Array.from({ length: 12 }, (_, p) => passage(p, [3, 4]));
    const groups = Array.from({ length: 12 }, (_, p) => ['a', 'b', 'c'][p % 3]);
    const source = ictBatches(many, { batchSize: 4, maxLength: 32, groups, seed: 4 });
    const orders: string[] = [];
    for (let step = 0; step < 9; step++) {
      const ids = unpackRows(source.next().ids).slice(0, 4).map(passageOf);
      expect(new Set(ids.map((p) => groups[p])).size).toBe(1);
      orders.push(ids.join(','));
    }
    expect(new Set(orders).size).toBeGreaterThan(3);
    expect(() => ictBatches(many, { batchSize: 4, maxLength: 32, groups: ['a'] })).toThrow('expected one group per passage (12), got 1');
  });

  it('drops empty sentences and names what it cannot use', () => {
    const withEmpty = [[[1, 2], []], [[3, 4]]];
    expect(unpackRows(ictBatches(withEmpty, { batchSize: 2, maxLength: 8, keepProbability: 0 }).next().ids)).toHaveLength(4);
    expect(() => ictBatches([[[1]]], { batchSize: 2, maxLength: 8 })).toThrow('expected at least 2 passages (each needs another as a negative), got 1');
    expect(() => ictBatches([[[1]], [[]]], { batchSize: 2, maxLength: 8 })).toThrow('passage 1 has no tokens');
    expect(() => ictBatches(passages, { batchSize: 1, maxLength: 8 })).toThrow('expected batchSize to be an integer >= 2, got 1');
    expect(() => ictBatches(passages, { batchSize: 2, maxLength: 8, keepProbability: 1.5 })).toThrow('expected keepProbability in [0, 1], got 1.5');
    expect(() => ictBatches(passages, { batchSize: 2, maxLength: 2 })).toThrow('expected maxLength to be an integer >= 3, got 2');
  });
});

describe('groupedOrder', () => {
  it('is a permutation that keeps each group contiguous, and depends on the seed', () => {
    const groups = [3, 1, 3, 2, 1, 3, 2, 2, 1, 3];
    const order = Array.from(groupedOrder(groups, 1));
    expect([...order].sort((a, b) => a - b)).toEqual(groups.map((_, i) => i));
    const sequence = order.map((i) => groups[i]);
    const runs = sequence.filter((g, i) => i === 0 || g !== sequence[i - 1]);
    expect(runs).toHaveLength(3);
    expect(Array.from(groupedOrder(groups, 1))).toEqual(order);
    const others = [2, 3, 4, 5, 6].map((seed) => Array.from(groupedOrder(groups, seed)).join(','));
    expect(new Set([order.join(','), ...others]).size).toBeGreaterThan(1);
  });
});
