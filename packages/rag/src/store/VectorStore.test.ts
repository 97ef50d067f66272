import * as fs from 'fs';
import * as path from 'path';
import type { EmbedderInfo, Passage } from '../types';
import { randomVectors } from '../test-helpers/randomVectors';
import { TempDirs } from '../test-helpers/tempDirs';
import { VectorStore } from './VectorStore';
import { VectorStoreError } from './VectorStoreError';
import { readStoreManifest, VECTOR_STORE_FILES } from './vectorStoreFiles';

const info: EmbedderInfo = { kind: 'test', dimension: 6, fingerprint: 'v1' };
const temp = new TempDirs();
afterAll(() => temp.removeAll());

function passages(source: string, count: number, from = 0): Passage[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${source}#${from + i}`, text: `text ${from + i} of ${source}`, source, position: from + i }));
}

function filledStore(metric: 'cosine' | 'euclidean' = 'cosine'): { store: VectorStore; vectors: Float32Array[]; items: Passage[] } {
  const items = [...passages('a.md', 5), ...passages('b.md', 4)];
  const vectors = randomVectors(items.length, info.dimension, 1);
  const store = VectorStore.create({ embedder: info, metric });
  store.upsert(items, vectors);
  return { store, vectors, items };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(VectorStoreError);
    return `${(e as VectorStoreError).code}: ${(e as Error).message}`;
  }
  throw new Error('expected the promise to reject');
}

describe('VectorStore', () => {
  it.each(['cosine', 'euclidean'] as const)('round-trips through save and open without re-embedding (%s)', async (metric) => {
    const { store, items } = filledStore(metric);
    store.metadata = { corpus: 'unit test' };
    const dir = path.join(temp.make(), 'index');
    await store.save(dir);
    const again = await VectorStore.open(dir, { embedder: info });
    expect(again.metric).toBe(metric);
    expect(again.embedder).toEqual(info);
    expect(again.metadata).toEqual({ corpus: 'unit test' });
    expect(again.passages()).toEqual(items);
    for (const p of items) expect(Array.from(again.vector(p.id)!)).toEqual(Array.from(store.vector(p.id)!));
    for (const query of randomVectors(5, info.dimension, 2)) {
      expect(again.search(query, 4)).toEqual(store.search(query, 4));
    }
    expect(again.dir).toBe(dir);
  });

  it('keeps adds, updates and deletes across restarts', async () => {
    const { store } = filledStore();
    const dir = temp.make();
    await store.save(dir);

    const first = await VectorStore.open(dir);
    const changed = { ...first.get('a.md#1')!, text: 'edited' };
    const newVector = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(first.upsert([changed, ...passages('c.md', 2)], [newVector, ...randomVectors(2, 6, 3)])).toEqual({ added: 2, updated: 1, removed: 0 });
    expect(first.delete(['a.md#0', 'missing'])).toBe(1);
    expect(first.deleteSource('b.md')).toBe(4);
    await first.save();

    const second = await VectorStore.open(dir);
    expect(second.passages().map((p) => p.id)).toEqual(['a.md#1', 'a.md#2', 'a.md#3', 'a.md#4', 'c.md#0', 'c.md#1']);
    expect(second.get('a.md#1')!.text).toBe('edited');
    expect(second.search(newVector, 1)[0].passage.id).toBe('a.md#1');
    expect(second.sources()).toEqual(['a.md', 'c.md']);
    // Only the live data files remain.
    expect(fs.readdirSync(dir).sort()).toHaveLength(3);
  });

  it('replaceSources removes the stale chunks of an edited document', () => {
    const { store } = filledStore();
    const edited = passages('a.md', 2);
    expect(store.replaceSources(edited, randomVectors(2, 6, 4))).toEqual({ added: 0, updated: 2, removed: 3 });
    expect(store.passages().filter((p) => p.source === 'a.md').map((p) => p.id)).toEqual(['a.md#0', 'a.md#1']);
    expect(store.size).toBe(6);
  });

  it('leaves the previous store readable when a save crashes after writing data files', async () => {
    const { store, items } = filledStore();
    const dir = temp.make();
    await store.save(dir);
    const before = fs.readFileSync(path.join(dir, VECTOR_STORE_FILES.manifest), 'utf8');

    store.delete(items.map((p) => p.id));
    store.upsert(passages('z.md', 1), randomVectors(1, 6, 9));
    const crash = () => {
      throw new Error('simulated crash');
    };
    await expect(store.save(dir, { onPhase: (phase) => phase === 'dataWritten' && crash() })).rejects.toThrow('simulated crash');
    expect(fs.readFileSync(path.join(dir, VECTOR_STORE_FILES.manifest), 'utf8')).toBe(before);
    const survivor = await VectorStore.open(dir);
    expect(survivor.passages()).toEqual(items);

    // The next successful save cleans up what the crashed one left behind.
    await store.save(dir);
    expect((await VectorStore.open(dir)).passages().map((p) => p.id)).toEqual(['z.md#0']);
    expect(fs.readdirSync(dir)).toHaveLength(3);
  });

  it('leaves the previous store readable when writing the manifest fails', async () => {
    const { store, items } = filledStore();
    const dir = temp.make();
    await store.save(dir);
    store.deleteSource('a.md');
    const realRename = fs.promises.rename;
    const spy = jest.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith(VECTOR_STORE_FILES.manifest)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realRename(from, to);
    });
    try {
      await expect(store.save(dir)).rejects.toThrow('ENOSPC');
    } finally {
      spy.mockRestore();
    }
    expect((await VectorStore.open(dir)).passages()).toEqual(items);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('reports a missing store, a bad manifest and damaged data files', async () => {
    const empty = temp.make();
    expect(await codeOf(VectorStore.open(empty))).toMatch(/^not-found: no vector store at .*store\.json does not exist$/);

    const { store } = filledStore();
    const fresh = async () => {
      const dir = temp.make();
      await store.save(dir);
      return { dir, manifest: await readStoreManifest(dir) };
    };

    let { dir, manifest } = await fresh();
    fs.writeFileSync(path.join(dir, 'store.json'), '{"format": "tfzoo-vector-store"');
    expect(await codeOf(VectorStore.open(dir))).toMatch(/^corrupt: .*store\.json is not valid JSON/);

    ({ dir, manifest } = await fresh());
    fs.writeFileSync(path.join(dir, 'store.json'), JSON.stringify({ ...manifest, metric: 'dot' }));
    expect(await codeOf(VectorStore.open(dir))).toContain('corrupt: ');
    expect(await codeOf(VectorStore.open(dir))).toContain('expected "metric" to be "cosine" or "euclidean", got "dot"');

    ({ dir, manifest } = await fresh());
    fs.rmSync(path.join(dir, manifest.vectors.file));
    expect(await codeOf(VectorStore.open(dir))).toContain(`corrupt: store at ${dir}: the vectors file ${manifest.vectors.file} named by store.json is missing`);

    ({ dir, manifest } = await fresh());
    fs.truncateSync(path.join(dir, manifest.vectors.file), 100);
    expect(await codeOf(VectorStore.open(dir))).toContain(`${manifest.vectors.file} holds 100 bytes, expected ${9 * 6 * 4}`);

    // A short file that the manifest agrees with (e.g. a hand-edited manifest) is still caught by the shape check.
    ({ dir, manifest } = await fresh());
    fs.truncateSync(path.join(dir, manifest.vectors.file), 96);
    fs.writeFileSync(path.join(dir, 'store.json'), JSON.stringify({ ...manifest, vectors: { ...manifest.vectors, bytes: 96 } }));
    expect(await codeOf(VectorStore.open(dir, { verifyChecksums: false }))).toContain('holds 96 bytes, expected 9 × 6 float32 = 216 bytes');

    ({ dir, manifest } = await fresh());
    const vectorsPath = path.join(dir, manifest.vectors.file);
    const bytes = fs.readFileSync(vectorsPath);
    bytes[10] ^= 0xff;
    fs.writeFileSync(vectorsPath, bytes);
    expect(await codeOf(VectorStore.open(dir))).toContain('does not match its SHA-256');

    ({ dir, manifest } = await fresh());
    const passagesPath = path.join(dir, manifest.passages.file);
    const lines = fs.readFileSync(passagesPath, 'utf8').split('\n');
    lines[2] = lines[2].slice(0, 10);
    const broken = lines.join('\n');
    fs.writeFileSync(passagesPath, broken);
    fs.writeFileSync(path.join(dir, 'store.json'), JSON.stringify({ ...manifest, passages: { ...manifest.passages, bytes: Buffer.byteLength(broken) } }));
    expect(await codeOf(VectorStore.open(dir, { verifyChecksums: false }))).toMatch(/corrupt: .*passages\.[0-9a-f]+\.jsonl:3: invalid JSON/);
  });

  it('refuses a store made with another embedder, dimension or model', async () => {
    const { store } = filledStore();
    const dir = temp.make();
    await store.save(dir);
    expect(await codeOf(VectorStore.open(dir, { embedder: { ...info, dimension: 8 } }))).toContain('embedder-mismatch: ');
    expect(await codeOf(VectorStore.open(dir, { embedder: { ...info, dimension: 8 } }))).toContain('dimension 8 ≠ 6');
    expect(await codeOf(VectorStore.open(dir, { embedder: { ...info, fingerprint: 'v2' } }))).toContain('fingerprint "v2" ≠ "v1"');
    expect(await codeOf(VectorStore.open(dir, { embedder: { ...info, kind: 'bert-contrastive' } }))).toContain('kind "bert-contrastive" ≠ "test"');
    expect(() => store.checkEmbedder({ ...info, fingerprint: 'other' })).toThrow(VectorStoreError);
  });

  it('says the collection is empty instead of returning nothing', async () => {
    const store = VectorStore.create({ embedder: info });
    const error = (() => {
      try {
        store.search(new Float32Array(6).fill(1), 3);
      } catch (e) {
        return e as VectorStoreError;
      }
      throw new Error('expected search to throw');
    })();
    expect(error.code).toBe('empty');
    expect(error.message).toContain('holds no passages');
    // An emptied store saves and reopens fine, and is still empty.
    const dir = temp.make();
    await store.save(dir);
    expect((await VectorStore.open(dir)).size).toBe(0);
  });

  it('checks batches before changing anything', () => {
    const { store } = filledStore();
    const size = store.size;
    const [p] = passages('q.md', 1);
    expect(() => store.upsert([p], [new Float32Array(5)])).toThrow('expected the vector of passage 0 (q.md#0) to have length 6, got 5');
    expect(() => store.upsert([p], [new Float32Array(6)])).toThrow('zero vector');
    expect(() => store.upsert([p, p], randomVectors(2, 6, 1))).toThrow('duplicate passage id "q.md#0" in the batch');
    expect(() => store.upsert([{ ...p, position: -1 }], randomVectors(1, 6, 1))).toThrow('expected "position" to be an integer >= 0, got -1');
    expect(() => store.upsert([p], [])).toThrow('expected one vector per passage, got 1 passages and 0 vectors');
    expect(() => store.search(new Float32Array(5), 1)).toThrow('to have length 6, got 5');
    expect(store.size).toBe(size);
  });

  it('openOrCreate creates an empty store bound to the folder, then reopens it', async () => {
    const dir = path.join(temp.make(), 'new-index');
    const created = await VectorStore.openOrCreate(dir, { embedder: info });
    expect(created.size).toBe(0);
    created.upsert(passages('a.md', 2), randomVectors(2, 6, 1));
    await created.save();
    expect((await VectorStore.openOrCreate(dir, { embedder: info })).size).toBe(2);
    await expect(VectorStore.openOrCreate(dir, { embedder: { ...info, fingerprint: 'x' } })).rejects.toThrow('fingerprint "x" ≠ "v1"');
    await expect(VectorStore.openOrCreate(dir, { embedder: info, metric: 'euclidean' })).rejects.toThrow('uses the cosine metric, but euclidean was asked for');
  });
});
