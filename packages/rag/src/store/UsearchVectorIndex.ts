import type { SimilarityMetric } from '../types';
import { checkKey } from './ExactVectorIndex';
import type { VectorIndex, VectorIndexFactory, VectorMatch } from './VectorIndex';
import { requireOptional } from './requireOptional';
import { checkDimension, checkMetric, checkVector, normalized } from './vectorMath';

/** The parts of the `usearch` package (unum-cloud/USearch, Apache-2.0) this adapter uses. */
interface UsearchModule {
  Index: new (config: {
    dimensions: number;
    metric: 'cos' | 'l2sq';
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
    multi: boolean;
  }) => UsearchNativeIndex;
}

interface UsearchNativeIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads?: number): void;
  remove(keys: BigUint64Array): number | number[];
  search(vector: Float32Array, k: number, threads: number): { keys: BigUint64Array; distances: Float32Array };
}

/** Constructor arguments of {@link UsearchVectorIndex}. */
export interface UsearchVectorIndexArgs {
  dimension: number;
  metric: SimilarityMetric;
  /** HNSW graph degree M: more links give better recall, more memory and slower inserts. Default 16. */
  connectivity?: number;
  /** Candidate list size while inserting (efConstruction). Default 128. */
  expansionAdd?: number;
  /** Candidate list size while searching (ef): the main recall/speed knob. Default 64. */
  expansionSearch?: number;
  /** Threads for batch adds; 0 lets usearch decide. Default 0. */
  threads?: number;
}

/**
 * Approximate nearest-neighbour search with an HNSW graph from the `usearch`
 * package (a prebuilt native addon for Linux x64/arm64, macOS and Windows, so no
 * compiler is needed). The package is loaded on first construction; without it
 * the constructor says which package to install.
 *
 * Scores match {@link ExactVectorIndex}: cosine similarity (vectors are
 * normalised before insertion, the zero vector refused) or −euclidean distance.
 * Measure its recall on your data with `measureIndexRecall`. The native memory is
 * freed when the index is garbage-collected (usearch has no explicit free).
 *
 * @example
 * const store = VectorStore.create({ embedder: embedder.info, approximateIndex: usearchIndexFactory({ expansionSearch: 128 }) });
 */
export class UsearchVectorIndex implements VectorIndex {
  readonly kind = 'usearch-hnsw';
  readonly exact = false;
  readonly dimension: number;
  readonly metric: SimilarityMetric;
  readonly connectivity: number;
  readonly expansionAdd: number;
  readonly expansionSearch: number;
  readonly threads: number;
  private readonly usearch: UsearchModule;
  private readonly keys = new Set<number>();
  private readonly native: UsearchNativeIndex;

  constructor(args: UsearchVectorIndexArgs) {
    this.dimension = checkDimension(args.dimension);
    this.metric = checkMetric(args.metric);
    this.connectivity = positiveInteger(args.connectivity ?? 16, 'connectivity');
    this.expansionAdd = positiveInteger(args.expansionAdd ?? 128, 'expansionAdd');
    this.expansionSearch = positiveInteger(args.expansionSearch ?? 64, 'expansionSearch');
    this.threads = args.threads ?? 0;
    if (!Number.isInteger(this.threads) || this.threads < 0) throw new Error(`expected threads to be an integer >= 0, got ${args.threads}`);
    this.usearch = requireOptional<UsearchModule>('usearch', 'UsearchVectorIndex (approximate vector search)');
    this.native = this.createNative();
  }

  get size(): number {
    return this.keys.size;
  }

  has(key: number): boolean {
    return this.keys.has(key);
  }

  add(keys: readonly number[], vectors: readonly Float32Array[]): void {
    if (keys.length !== vectors.length) throw new Error(`expected one vector per key, got ${keys.length} keys and ${vectors.length} vectors`);
    if (keys.length === 0) return;
    const flat = new Float32Array(keys.length * this.dimension);
    const batch = new Set<number>();
    vectors.forEach((v, i) => {
      const key = keys[i];
      checkKey(key);
      if (this.keys.has(key) || batch.has(key)) throw new Error(`key ${key} is already in the index; remove it before adding it again`);
      batch.add(key);
      const what = `vector ${i} (key ${key})`;
      checkVector(v, this.dimension, what);
      flat.set(this.metric === 'cosine' ? normalized(v, what) : v, i * this.dimension);
    });
    this.native.add(BigUint64Array.from(keys, (k) => BigInt(k)), flat, this.threads);
    for (const key of keys) this.keys.add(key);
  }

  remove(keys: readonly number[]): number {
    const present = [...new Set(keys)].filter((k) => this.keys.has(k));
    if (present.length === 0) return 0;
    this.native.remove(BigUint64Array.from(present, (k) => BigInt(k)));
    for (const key of present) this.keys.delete(key);
    return present.length;
  }

  search(query: Float32Array, k: number): VectorMatch[] {
    if (!Number.isInteger(k) || k < 1) throw new Error(`expected k to be a positive integer, got ${k}`);
    checkVector(query, this.dimension, 'the query vector');
    const q = this.metric === 'cosine' ? normalized(query, 'the query vector') : query;
    const { keys, distances } = this.native.search(q, k, 0);
    const out: VectorMatch[] = [];
    for (let i = 0; i < keys.length; i++) {
      // usearch distances: 1 − cos for `cos`, the squared distance for `l2sq`.
      const score = this.metric === 'cosine' ? 1 - distances[i] : 0 - Math.sqrt(Math.max(0, distances[i]));
      out.push({ key: Number(keys[i]), score });
    }
    return out;
  }

  private createNative(): UsearchNativeIndex {
    return new this.usearch.Index({
      dimensions: this.dimension,
      metric: this.metric === 'cosine' ? 'cos' : 'l2sq',
      connectivity: this.connectivity,
      expansion_add: this.expansionAdd,
      expansion_search: this.expansionSearch,
      multi: false,
    });
  }
}

/** A factory for `VectorStore`'s `approximateIndex` option. */
export function usearchIndexFactory(options: Omit<UsearchVectorIndexArgs, 'dimension' | 'metric'> = {}): VectorIndexFactory {
  return (dimension, metric) => new UsearchVectorIndex({ ...options, dimension, metric });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`expected ${name} to be a positive integer, got ${value}`);
  return value;
}
