import { createHash } from 'crypto';
import type { Embedder, EmbedderInfo } from '../types';
import { readEmbedderRecord, writeEmbedderRecord } from './embedderFile';
import { featureSlot, hashingFeatures } from './featureHashing';

/** Constructor arguments of {@link HashingEmbedder}. */
export interface HashingEmbedderOptions {
  /** Vector length: the number of hash buckets. Default 4096. */
  dimension?: number;
  /** 1: words only; 2: words and pairs of neighbouring words (default), which keeps some word order ("new york"). */
  ngrams?: 1 | 2;
  /** Weight of a word pair relative to a single word. Default 1. */
  bigramWeight?: number;
  /** Weigh a feature seen n times in a text by 1 + ln(n) (default true) instead of n, so repetition does not dominate. */
  sublinearTf?: boolean;
  /** Seed of the hash; another seed gives another, incompatible space. Default 0. */
  seed?: number;
  /**
   * Per-bucket inverse document frequencies, as `HashingEmbedder.fit` computes them
   * (length `dimension`), or null for none (default): every feature weighs the same.
   */
  idf?: Float32Array | readonly number[] | null;
}

/** A hashing embedder's complete settings (what `embedder.json` stores). */
export interface HashingEmbedderSettings {
  dimension: number;
  ngrams: 1 | 2;
  bigramWeight: number;
  sublinearTf: boolean;
  seed: number;
  idf: number[] | null;
}

/**
 * A no-training embedder: feature hashing of lower-cased words and word pairs into a
 * fixed number of signed buckets, weighted by 1 + ln(count) and optionally by a
 * per-bucket idf fitted on a collection, then scaled to unit length (a dot product is
 * the cosine similarity). A text without words (empty, or only punctuation) gets the
 * vector of one reserved feature instead of the zero vector, which has no direction and
 * which a cosine store refuses.
 *
 * Deterministic and instant, so it suits tests and is the baseline a trained encoder has
 * to beat: it matches questions to passages by shared words, like a dense BM25.
 *
 * @example
 * const embedder = HashingEmbedder.fit(passages.map((p) => p.text), { dimension: 4096 });
 * const [q] = await embedder.embed(['Who founded the university?']);
 */
export class HashingEmbedder implements Embedder {
  /** The `EmbedderInfo.kind` of every hashing embedder. */
  static readonly kind = 'hashing';
  readonly info: EmbedderInfo;
  readonly settings: Readonly<HashingEmbedderSettings>;
  private readonly idf: Float32Array | null;

  constructor(options: HashingEmbedderOptions = {}) {
    const dimension = options.dimension ?? 4096;
    const ngrams = options.ngrams ?? 2;
    const bigramWeight = options.bigramWeight ?? 1;
    const seed = options.seed ?? 0;
    if (!Number.isInteger(dimension) || dimension < 1) throw new Error(`HashingEmbedder: expected dimension to be an integer >= 1, got ${dimension}`);
    if (ngrams !== 1 && ngrams !== 2) throw new Error(`HashingEmbedder: expected ngrams 1 or 2, got ${JSON.stringify(ngrams)}`);
    if (!(bigramWeight >= 0) || !Number.isFinite(bigramWeight)) throw new Error(`HashingEmbedder: expected bigramWeight >= 0, got ${bigramWeight}`);
    if (!Number.isInteger(seed)) throw new Error(`HashingEmbedder: expected an integer seed, got ${seed}`);
    const idf = options.idf ?? null;
    if (idf !== null) {
      if (idf.length !== dimension) throw new Error(`HashingEmbedder: expected ${dimension} idf values (one per bucket), got ${idf.length}`);
      const bad = Array.from(idf).findIndex((v) => !(Number.isFinite(v) && v >= 0));
      if (bad >= 0) throw new Error(`HashingEmbedder: expected idf values >= 0, got ${idf[bad]} at bucket ${bad}`);
    }
    this.idf = idf === null ? null : Float32Array.from(idf);
    this.settings = { dimension, ngrams, bigramWeight, sublinearTf: options.sublinearTf ?? true, seed, idf: this.idf === null ? null : Array.from(this.idf) };
    this.info = { kind: HashingEmbedder.kind, dimension, fingerprint: hashingFingerprint(this.settings, this.idf) };
  }

  /**
   * A hashing embedder whose buckets are weighted by their smoothed inverse document
   * frequency over `texts`, idf = ln((1 + N) / (1 + df)) + 1 (scikit-learn's), so words
   * that occur in most passages ("the", "was") count little.
   */
  static fit(texts: readonly string[], options: Omit<HashingEmbedderOptions, 'idf'> = {}): HashingEmbedder {
    const base = new HashingEmbedder(options);
    const { dimension, ngrams, seed } = base.settings;
    const df = new Float64Array(dimension);
    for (const text of texts) {
      const buckets = new Set<number>();
      for (const feature of hashingFeatures(text, ngrams).keys()) buckets.add(featureSlot(feature, dimension, seed).bucket);
      for (const b of buckets) df[b] += 1;
    }
    const n = texts.length;
    const idf = Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
    return new HashingEmbedder({ ...options, idf });
  }

  /** One unit-length vector per text. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (!Array.isArray(texts)) throw new Error(`expected an array of texts, got ${typeof texts === 'string' ? 'a string (wrap it in [ ])' : typeof texts}`);
    return texts.map((t, i) => {
      if (typeof t !== 'string') throw new Error(`expected texts to be strings, got ${t === null ? 'null' : typeof t} at index ${i}`);
      return this.embedOne(t);
    });
  }

  /** Writes the folder `dir` with `embedder.json`; `HashingEmbedder.load(dir)` (or `loadEmbedder`) reads it back. */
  async save(dir: string, metadata?: Record<string, unknown>): Promise<void> {
    await writeEmbedderRecord(dir, { info: this.info, settings: { ...this.settings }, ...(metadata ? { metadata } : {}) });
  }

  /** Loads a hashing embedder saved by `save`, checking that it rebuilds to the saved fingerprint. */
  static async load(dir: string): Promise<HashingEmbedder> {
    const record = readEmbedderRecord(dir);
    if (record === null) throw new Error(`no embedder at '${dir}': expected embedder.json (written by HashingEmbedder.save)`);
    if (record.info.kind !== HashingEmbedder.kind) throw new Error(`'${dir}' holds a '${record.info.kind}' embedder, not a '${HashingEmbedder.kind}' one`);
    return HashingEmbedder.fromSettings(record.settings as unknown as HashingEmbedderSettings, record.info.fingerprint, `'${dir}'`);
  }

  /** Rebuilds from stored settings; with `expectedFingerprint`, refuses settings that give another space. */
  static fromSettings(settings: HashingEmbedderSettings, expectedFingerprint?: string, source = 'the settings'): HashingEmbedder {
    const embedder = new HashingEmbedder(settings);
    if (expectedFingerprint !== undefined && embedder.info.fingerprint !== expectedFingerprint) {
      throw new Error(`${source}: the hashing settings give fingerprint ${embedder.info.fingerprint}, but ${expectedFingerprint} was recorded; the file was edited or is corrupt`);
    }
    return embedder;
  }

  private embedOne(text: string): Float32Array {
    const { dimension, ngrams, bigramWeight, sublinearTf, seed } = this.settings;
    const v = new Float32Array(dimension);
    const features = hashingFeatures(text, ngrams);
    if (features.size === 0) features.set(NO_WORDS_FEATURE, 1);
    for (const [feature, count] of features) {
      const { bucket, sign } = featureSlot(feature, dimension, seed);
      const tf = sublinearTf ? 1 + Math.log(count) : count;
      const kindWeight = feature.includes(' ') ? bigramWeight : 1;
      v[bucket] += sign * tf * kindWeight * (this.idf === null ? 1 : this.idf[bucket]);
    }
    let norm = 0;
    for (let i = 0; i < dimension; i++) norm += v[i] * v[i];
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < dimension; i++) v[i] *= scale;
    }
    return v;
  }
}

/** The feature of a text without words; `<` never occurs in a word, so no text produces it otherwise. */
const NO_WORDS_FEATURE = '<no words>';

/** The settings and the idf table's exact bytes, hashed: equal fingerprints mean equal vectors. */
function hashingFingerprint(settings: HashingEmbedderSettings, idf: Float32Array | null): string {
  const { idf: _idf, ...rest } = settings;
  const hash = createHash('sha256').update(JSON.stringify(rest));
  if (idf !== null) hash.update(new Uint8Array(idf.buffer, idf.byteOffset, idf.byteLength));
  return `hashing-${hash.digest('hex').slice(0, 16)}`;
}
