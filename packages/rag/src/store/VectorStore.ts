import type { EmbedderInfo, Passage, ScoredPassage, SimilarityMetric } from '../types';
import { checkPassage, checkUniqueIds } from '../passageChecks';
import { ExactVectorIndex } from './ExactVectorIndex';
import type { VectorIndex, VectorIndexFactory } from './VectorIndex';
import { assertSameEmbedder, checkEmbedderInfo, describeEmbedder } from './embedderInfoChecks';
import { checkMetric, checkVector, normalized } from './vectorMath';
import { readStoreFiles, storeExists, writeStoreFiles, type ReadStoreOptions, type StoreSavePhase } from './vectorStoreFiles';
import { VectorStoreError } from './VectorStoreError';

/** Constructor arguments of {@link VectorStore} (through `VectorStore.create`). */
export interface VectorStoreArgs {
  /** The vector space of every vector stored; queries and additions must come from the same embedder. */
  embedder: EmbedderInfo;
  /** How vectors are compared. Default `cosine`. */
  metric?: SimilarityMetric;
  /**
   * An approximate index to search through (e.g. `usearchIndexFactory()`), kept in step
   * with the exact one. Default none: every search is exact. It is not saved; on open
   * it is rebuilt from the stored vectors.
   */
  approximateIndex?: VectorIndexFactory;
  /** JSON saved in the manifest under `metadata` (ingest options, corpus name). */
  metadata?: Record<string, unknown>;
}

/** Options of `VectorStore.open`. */
export interface OpenVectorStoreOptions extends ReadStoreOptions {
  /**
   * The embedder the caller will query with: opening fails with an `embedder-mismatch`
   * {@link VectorStoreError} unless the store was built with the same one.
   */
  embedder?: EmbedderInfo;
  /** See {@link VectorStoreArgs.approximateIndex}. */
  approximateIndex?: VectorIndexFactory;
}

/** Options of {@link VectorStore.save}. */
export interface SaveVectorStoreOptions {
  /** Called after each phase of the save; throwing from it simulates a crash there (for tests). */
  onPhase?: (phase: StoreSavePhase) => void;
}

/** Options of {@link VectorStore.search}. */
export interface VectorSearchOptions {
  /** Search the exact index even when an approximate one is set. Default false. */
  exact?: boolean;
}

/** What an update did. */
export interface StoreChange {
  /** Passages whose id was new. */
  added: number;
  /** Passages that replaced one with the same id. */
  updated: number;
  /** Passages removed. */
  removed: number;
}

interface Entry {
  passage: Passage;
  /** The key of its vector in the indexes. */
  key: number;
}

/**
 * Passages with their vectors, searchable by similarity and saved to a folder.
 *
 * The vectors live in an {@link ExactVectorIndex} (one Float32Array matrix, exact
 * top-k); under `cosine` they are normalised when added. `save(dir)` writes the
 * folder atomically (see `VECTOR_STORE_FILES`: data files first, then the manifest
 * that names them, by rename), so a crash mid-save leaves the previous store
 * readable; `VectorStore.open(dir)` reads it back without re-embedding.
 *
 * Passages are keyed by id. `upsert` adds or replaces, `delete` and
 * `deleteSource` remove, and `replaceSources` updates whole documents (their
 * passages that are gone from the new version are removed). Changes live in
 * memory until `save`. One process writes a store at a time.
 *
 * @example
 * const store = VectorStore.create({ embedder: embedder.info });
 * store.upsert(passages, await embedder.embed(passages.map((p) => p.text)));
 * await store.save('index/');
 * const again = await VectorStore.open('index/', { embedder: embedder.info });
 * const hits = again.search((await embedder.embed(['who won?']))[0], 5);
 */
export class VectorStore {
  readonly embedder: EmbedderInfo;
  readonly metric: SimilarityMetric;
  /** Saved in the manifest; replace it freely before `save`. */
  metadata: Record<string, unknown> | undefined;
  /** Where the store was last opened from or saved to; `save()` without a folder writes there. */
  dir: string | undefined;
  private readonly exactIndex: ExactVectorIndex;
  private readonly approximate: VectorIndex | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly passageByKey = new Map<number, Passage>();
  private nextKey = 0;

  private constructor(args: VectorStoreArgs) {
    checkEmbedderInfo(args.embedder);
    this.embedder = { kind: args.embedder.kind, dimension: args.embedder.dimension, fingerprint: args.embedder.fingerprint };
    this.metric = checkMetric(args.metric ?? 'cosine');
    this.metadata = args.metadata;
    this.exactIndex = new ExactVectorIndex({ dimension: this.embedder.dimension, metric: this.metric });
    this.approximate = args.approximateIndex?.(this.embedder.dimension, this.metric);
    if (this.approximate && (this.approximate.dimension !== this.embedder.dimension || this.approximate.metric !== this.metric)) {
      throw new Error(
        `the approximate index is ${this.approximate.dimension}-dimensional ${this.approximate.metric}, expected ${this.embedder.dimension}-dimensional ${this.metric}`,
      );
    }
  }

  /** An empty store in memory; `save(dir)` writes it. */
  static create(args: VectorStoreArgs): VectorStore {
    return new VectorStore(args);
  }

  /**
   * Reads the store saved in `dir`. Fails with a {@link VectorStoreError}: `not-found`
   * without a manifest, `corrupt` for a bad manifest or a missing, short or altered data
   * file, `embedder-mismatch` when `options.embedder` is another vector space.
   */
  static async open(dir: string, options: OpenVectorStoreOptions = {}): Promise<VectorStore> {
    const content = await readStoreFiles(dir, options);
    if (options.embedder) assertSameEmbedder(content.embedder, options.embedder, `the store at ${dir}`);
    const store = new VectorStore({
      embedder: content.embedder,
      metric: content.metric,
      approximateIndex: options.approximateIndex,
      metadata: content.metadata,
    });
    const dim = content.embedder.dimension;
    const vectors = content.passages.map((_, i) => content.vectors.subarray(i * dim, (i + 1) * dim));
    try {
      store.insert(content.passages, vectors);
    } catch (e) {
      // The checksums matched, so the bad values (NaN, a zero vector under cosine) were saved that way.
      throw new VectorStoreError('corrupt', `store at ${dir}: ${(e as Error).message}`);
    }
    store.dir = dir;
    return store;
  }

  /** Opens the store in `dir` if there is one (checking it was built with `args.embedder`), else creates an empty one bound to `dir`. */
  static async openOrCreate(dir: string, args: VectorStoreArgs & ReadStoreOptions): Promise<VectorStore> {
    if (storeExists(dir)) {
      const store = await VectorStore.open(dir, { ...args, embedder: args.embedder });
      if (store.metric !== (args.metric ?? 'cosine')) {
        throw new Error(`the store at ${dir} uses the ${store.metric} metric, but ${args.metric ?? 'cosine'} was asked for`);
      }
      return store;
    }
    const store = VectorStore.create(args);
    store.dir = dir;
    return store;
  }

  /** Whether `dir` holds a saved store (it may still fail to open if damaged). */
  static exists(dir: string): boolean {
    return storeExists(dir);
  }

  get dimension(): number {
    return this.embedder.dimension;
  }

  /** Number of passages. */
  get size(): number {
    return this.entries.size;
  }

  /** `exact`, or the approximate index's kind when searches go through one. */
  get indexKind(): string {
    return this.approximate?.kind ?? this.exactIndex.kind;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): Passage | undefined {
    return this.entries.get(id)?.passage;
  }

  /** All passages, in the order they were first added. */
  passages(): Passage[] {
    return [...this.entries.values()].map((e) => e.passage);
  }

  /** The distinct sources, in order of first appearance. */
  sources(): string[] {
    return [...new Set(this.passages().map((p) => p.source))];
  }

  /** The stored vector of a passage (unit length under cosine), or undefined. */
  vector(id: string): Float32Array | undefined {
    const entry = this.entries.get(id);
    return entry === undefined ? undefined : this.exactIndex.vector(entry.key);
  }

  /** Throws an `embedder-mismatch` {@link VectorStoreError} unless `info` is this store's vector space. */
  checkEmbedder(info: EmbedderInfo): void {
    assertSameEmbedder(this.embedder, info, this.dir ? `the store at ${this.dir}` : 'this store');
  }

  /**
   * Adds passages, replacing any with the same id (a replaced passage keeps its place
   * in `passages()`). `vectors[i]` is the embedding of `passages[i]`. The batch is
   * checked whole before anything changes.
   */
  upsert(passages: readonly Passage[], vectors: readonly Float32Array[]): StoreChange {
    this.checkBatch(passages, vectors);
    let updated = 0;
    for (const p of passages) if (this.entries.has(p.id)) updated++;
    this.removeKeys(passages.map((p) => this.entries.get(p.id)?.key).filter((k): k is number => k !== undefined));
    this.insert(passages, vectors);
    return { added: passages.length - updated, updated, removed: 0 };
  }

  /** Removes passages by id; unknown ids are ignored. Returns how many were removed. */
  delete(ids: readonly string[]): number {
    const keys: number[] = [];
    for (const id of new Set(ids)) {
      const entry = this.entries.get(id);
      if (entry === undefined) continue;
      keys.push(entry.key);
      this.entries.delete(id);
    }
    this.removeKeys(keys);
    return keys.length;
  }

  /** Removes every passage of `source` (a document). Returns how many were removed. */
  deleteSource(source: string): number {
    return this.delete(this.passages().filter((p) => p.source === source).map((p) => p.id));
  }

  /**
   * Updates whole documents: for every source among `passages`, its stored passages
   * that are not in `passages` are removed, then `passages` are upserted. Re-ingesting
   * an edited file this way leaves no stale chunks behind.
   */
  replaceSources(passages: readonly Passage[], vectors: readonly Float32Array[]): StoreChange {
    this.checkBatch(passages, vectors);
    const sources = new Set(passages.map((p) => p.source));
    const kept = new Set(passages.map((p) => p.id));
    const stale = this.passages().filter((p) => sources.has(p.source) && !kept.has(p.id)).map((p) => p.id);
    const removed = this.delete(stale);
    return { ...this.upsert(passages, vectors), removed };
  }

  /**
   * The k passages whose vectors are closest to `query`, best first, scored by cosine
   * similarity or by −euclidean distance. Goes through the approximate index when one
   * is set (unless `exact`). Throws an `empty` {@link VectorStoreError} on an empty store.
   */
  search(query: Float32Array, k: number, options: VectorSearchOptions = {}): ScoredPassage[] {
    if (!Number.isInteger(k) || k < 1) throw new Error(`expected k to be a positive integer, got ${k}`);
    if (this.size === 0) {
      throw new VectorStoreError('empty', `${this.dir ? `the store at ${this.dir}` : 'the store'} holds no passages; add documents before searching`);
    }
    checkVector(query, this.dimension, `the query vector (embedder ${describeEmbedder(this.embedder)})`);
    const index = options.exact || !this.approximate ? this.exactIndex : this.approximate;
    return index.search(query, k).map((match, i) => {
      const passage = this.passageByKey.get(match.key);
      if (passage === undefined) throw new Error(`internal error: the ${index.kind} index returned key ${match.key}, which no passage holds`);
      return { passage, score: match.score, rank: i + 1 };
    });
  }

  /**
   * Writes the store to `dir` (default: where it was opened or last saved), atomically:
   * a crash or error mid-save leaves the previous save readable.
   */
  async save(dir: string | undefined = this.dir, options: SaveVectorStoreOptions = {}): Promise<void> {
    if (dir === undefined) throw new Error('expected a folder to save the store to: it was neither opened from nor saved to one');
    const passages = this.passages();
    const dim = this.dimension;
    const vectors = new Float32Array(passages.length * dim);
    passages.forEach((p, row) => vectors.set(this.exactIndex.vector(this.entries.get(p.id)!.key)!, row * dim));
    await writeStoreFiles(dir, { embedder: this.embedder, metric: this.metric, passages, vectors, metadata: this.metadata }, options.onPhase);
    this.dir = dir;
  }

  /** Frees the approximate index's native memory, if any. */
  dispose(): void {
    this.approximate?.dispose?.();
  }

  private checkBatch(passages: readonly Passage[], vectors: readonly Float32Array[]): void {
    if (passages.length !== vectors.length) throw new Error(`expected one vector per passage, got ${passages.length} passages and ${vectors.length} vectors`);
    passages.forEach((p, i) => checkPassage(p, `passage ${i}`));
    checkUniqueIds(passages, 'the batch');
    vectors.forEach((v, i) => {
      const what = `the vector of passage ${i} (${passages[i].id})`;
      checkVector(v, this.dimension, what);
      if (this.metric === 'cosine') normalized(v, what);
    });
  }

  /** Adds checked passages whose ids are not present. */
  private insert(passages: readonly Passage[], vectors: readonly Float32Array[]): void {
    const keys = passages.map(() => this.nextKey++);
    this.exactIndex.add(keys, vectors);
    this.approximate?.add(keys, vectors);
    passages.forEach((passage, i) => {
      const stored = { ...passage };
      this.entries.set(passage.id, { passage: stored, key: keys[i] });
      this.passageByKey.set(keys[i], stored);
    });
  }

  private removeKeys(keys: readonly number[]): void {
    if (keys.length === 0) return;
    this.exactIndex.remove(keys);
    this.approximate?.remove(keys);
    for (const key of keys) this.passageByKey.delete(key);
  }
}
