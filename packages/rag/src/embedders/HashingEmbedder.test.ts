import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HashingEmbedder } from './HashingEmbedder';
import { EMBEDDER_FILE } from './embedderFile';
import { featureSlot, hashingFeatures, hashString } from './featureHashing';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('featureHashing', () => {
  it('counts lower-cased words and neighbouring pairs, ignoring punctuation', () => {
    const f = hashingFeatures('The cat, the CAT!', 2);
    expect([...f]).toEqual([
      ['the', 2],
      ['the cat', 2],
      ['cat', 2],
      ['cat the', 1],
    ]);
    expect([...hashingFeatures('a b', 1).keys()]).toEqual(['a', 'b']);
  });

  it('hashes deterministically, spreads buckets and signs', () => {
    expect(hashString('paris')).toBe(hashString('paris'));
    expect(hashString('paris', 1)).not.toBe(hashString('paris'));
    const buckets = new Set<number>();
    let negative = 0;
    for (let i = 0; i < 1000; i++) {
      const { bucket, sign } = featureSlot(`w${i}`, 64, 0);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(64);
      buckets.add(bucket);
      if (sign === -1) negative++;
    }
    expect(buckets.size).toBe(64);
    expect(negative).toBeGreaterThan(400);
    expect(negative).toBeLessThan(600);
  });
});

describe('HashingEmbedder', () => {
  it('gives unit vectors of the stated dimension, never the zero vector', async () => {
    const e = new HashingEmbedder({ dimension: 256 });
    const [a, empty, blank] = await e.embed(['Nikola Tesla was born in 1856.', ' ,;! ', '']);
    expect(e.info).toEqual({ kind: 'hashing', dimension: 256, fingerprint: expect.stringMatching(/^hashing-[0-9a-f]{16}$/) });
    expect(a.length).toBe(256);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    // Texts without words share one reserved direction (a cosine store refuses zero vectors).
    expect(dot(empty, empty)).toBeCloseTo(1, 5);
    expect(Array.from(blank)).toEqual(Array.from(empty));
    expect(Math.abs(dot(a, empty))).toBeLessThan(0.5);
  });

  it('matches the hand-computed cosine of two bags of words', async () => {
    // A huge space makes collisions practically impossible, so each word has its own bucket.
    const e = new HashingEmbedder({ dimension: 1 << 20, ngrams: 1, sublinearTf: false });
    const [ab, ac, aab] = await e.embed(['a b', 'a c', 'a a b']);
    expect(dot(ab, ac)).toBeCloseTo(0.5, 6); // (1,1,0)·(1,0,1) / 2
    expect(dot(ab, aab)).toBeCloseTo(3 / Math.sqrt(2 * 5), 6); // (1,1)·(2,1) / (√2 √5)
    const sub = new HashingEmbedder({ dimension: 1 << 20, ngrams: 1 });
    const [x, y] = await sub.embed(['a a b', 'a b']);
    const w = 1 + Math.log(2);
    expect(dot(x, y)).toBeCloseTo((w + 1) / Math.sqrt(2 * (w * w + 1)), 6);
  });

  it('uses word order through pairs: "new york" is closer to "new york city" than "york new"', async () => {
    const e = new HashingEmbedder({ dimension: 1 << 16 });
    const [q, same, swapped] = await e.embed(['new york city', 'new york', 'york new']);
    expect(dot(q, same)).toBeGreaterThan(dot(q, swapped) + 0.1);
    const unigrams = new HashingEmbedder({ dimension: 1 << 16, ngrams: 1 });
    const [u1, u2] = await unigrams.embed(['new york', 'york new']);
    expect(dot(u1, u2)).toBeCloseTo(1, 6);
  });

  it('with idf, weighs each word by ln((1 + N) / (1 + df)) + 1 over the fitted texts', async () => {
    const docs = ['the river flows through the city', 'the castle stands on the hill', 'the museum is in the city'];
    const fitted = HashingEmbedder.fit(docs, { dimension: 1 << 16, ngrams: 1, sublinearTf: false });
    const [both, castle, the] = await fitted.embed(['the castle', 'castle', 'the']);
    const idfThe = Math.log(4 / 4) + 1; // in all 3 texts
    const idfCastle = Math.log(4 / 2) + 1; // in 1
    const norm = Math.hypot(idfThe, idfCastle);
    expect(dot(both, castle)).toBeCloseTo(idfCastle / norm, 6);
    expect(dot(both, the)).toBeCloseTo(idfThe / norm, 6);
    expect(fitted.settings.idf).toHaveLength(1 << 16);
  });

  it('is deterministic, and its fingerprint names the space', async () => {
    const texts = ['Genghis Khan founded the Mongol Empire', 'Oxygen is a chemical element'];
    const a = new HashingEmbedder({ dimension: 512 });
    const b = new HashingEmbedder({ dimension: 512 });
    expect(await a.embed(texts)).toEqual(await b.embed(texts));
    expect(a.info.fingerprint).toBe(b.info.fingerprint);
    const others = [
      new HashingEmbedder({ dimension: 256 }),
      new HashingEmbedder({ dimension: 512, seed: 1 }),
      new HashingEmbedder({ dimension: 512, ngrams: 1 }),
      HashingEmbedder.fit(texts, { dimension: 512 }),
    ];
    const prints = new Set([a, ...others].map((e) => e.info.fingerprint));
    expect(prints.size).toBe(5);
  });

  it('saves and loads to the same vectors, and refuses an edited file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashing-'));
    try {
      const e = HashingEmbedder.fit(['alpha beta', 'beta gamma', 'gamma delta'], { dimension: 64 });
      await e.save(dir, { source: 'test' });
      const loaded = await HashingEmbedder.load(dir);
      expect(loaded.info).toEqual(e.info);
      expect(await loaded.embed(['beta delta'])).toEqual(await e.embed(['beta delta']));
      const file = path.join(dir, EMBEDDER_FILE);
      const record = JSON.parse(fs.readFileSync(file, 'utf8'));
      record.settings.idf[3] += 1;
      fs.writeFileSync(file, JSON.stringify(record));
      await expect(HashingEmbedder.load(dir)).rejects.toThrow(/fingerprint .* was recorded/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names bad options and inputs', async () => {
    expect(() => new HashingEmbedder({ dimension: 0 })).toThrow('expected dimension to be an integer >= 1, got 0');
    expect(() => new HashingEmbedder({ ngrams: 3 as 1 })).toThrow('expected ngrams 1 or 2, got 3');
    expect(() => new HashingEmbedder({ dimension: 4, idf: [1, 1] })).toThrow('expected 4 idf values (one per bucket), got 2');
    await expect(new HashingEmbedder().embed('text' as unknown as string[])).rejects.toThrow('got a string (wrap it in [ ])');
  });
});
