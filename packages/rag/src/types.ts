/**
 * The shared vocabulary of @tfzoo/rag: what a passage is, what an embedder and
 * a retriever promise. Every store, embedder, retriever and generator codes
 * against these, so they can be swapped one at a time.
 */

/** One retrievable piece of a document. */
export interface Passage {
  /** Stable id, unique in a store (e.g. `docs/README.md#3`, or the dataset's own passage id). */
  id: string;
  /** The passage text as it is shown to the generator and the user. */
  text: string;
  /** Where it came from: a file path, a URL or a dataset name. */
  source: string;
  /** Its order within the source (0-based chunk index), so neighbours can be found. */
  position: number;
  /** Optional title (document title, Markdown heading) shown with citations. */
  title?: string;
}

/** A passage with the score a retriever gave it; higher is better for every retriever. */
export interface ScoredPassage {
  passage: Passage;
  /** Cosine similarity, negated euclidean distance, BM25 score or fused RRF score. */
  score: number;
  /** 1-based rank in the result list. */
  rank: number;
}

/** Identifies an embedder's vector space, so a store refuses vectors from another one. */
export interface EmbedderInfo {
  /** Kind of embedder, e.g. `bert-contrastive`, `hashing`. */
  kind: string;
  /** Vector length. */
  dimension: number;
  /** Anything else that changes the space (model folder hash, vocabulary size...). */
  fingerprint: string;
}

/** Turns texts into fixed-length vectors. */
export interface Embedder {
  readonly info: EmbedderInfo;
  /** One vector per text, each of length `info.dimension`. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Releases tensors/weights it holds. */
  dispose?(): void;
}

/** Ranks passages for a query. */
export interface Retriever {
  readonly name: string;
  /** The `k` best passages, best first. */
  search(query: string, k: number): Promise<ScoredPassage[]>;
}

/** How vectors are compared. */
export type SimilarityMetric = 'cosine' | 'euclidean';
