/** What went wrong with a vector store, for programs that react differently to each. */
export type VectorStoreErrorCode =
  /** No store at the folder (no `store.json`). */
  | 'not-found'
  /** The manifest or a data file it names is missing, truncated, altered or unparsable. */
  | 'corrupt'
  /** The store was built with another embedder, dimension or model than the caller's. */
  | 'embedder-mismatch'
  /** A search on a store that holds no passages. */
  | 'empty';

/**
 * A vector store problem; the message names the folder or file and what was
 * expected, e.g. `store at index/: vectors.3f9a.f32 holds 4096 bytes, expected 12 × 128 float32 = 6144 bytes`.
 */
export class VectorStoreError extends Error {
  readonly code: VectorStoreErrorCode;

  constructor(code: VectorStoreErrorCode, message: string) {
    super(message);
    this.name = 'VectorStoreError';
    this.code = code;
  }
}
