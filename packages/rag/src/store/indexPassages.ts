import type { Embedder, Passage } from '../types';
import type { StoreChange, VectorStore } from './VectorStore';

/** Options of {@link indexPassages}. */
export interface IndexPassagesOptions {
  /** Texts per `embed` call. Default 32. */
  batchSize?: number;
  /**
   * `upsert` (default): add passages, replacing those with the same id.
   * `replace-sources`: also remove stored passages of the same sources that are not
   * among `passages`, so re-ingesting an edited document leaves no stale chunks.
   */
  mode?: 'upsert' | 'replace-sources';
  /** What is embedded for a passage. Default: the title (if any) and the text on separate lines. */
  textOf?: (passage: Passage) => string;
  /** Called after each batch with the number of passages embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Embeds passages in batches and stores them. All batches are embedded before the
 * store changes, so a failing embedder leaves it as it was. Does not save: call
 * `store.save()` after.
 */
export async function indexPassages(
  store: VectorStore,
  embedder: Embedder,
  passages: readonly Passage[],
  options: IndexPassagesOptions = {},
): Promise<StoreChange> {
  store.checkEmbedder(embedder.info);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize to be a positive integer, got ${options.batchSize}`);
  const textOf = options.textOf ?? passageEmbeddingText;
  const vectors: Float32Array[] = [];
  for (let start = 0; start < passages.length; start += batchSize) {
    const batch = passages.slice(start, start + batchSize);
    const embedded = await embedder.embed(batch.map(textOf));
    if (embedded.length !== batch.length) throw new Error(`expected the embedder to return ${batch.length} vectors, got ${embedded.length}`);
    vectors.push(...embedded);
    options.onProgress?.(vectors.length, passages.length);
  }
  return options.mode === 'replace-sources' ? store.replaceSources(passages, vectors) : store.upsert(passages, vectors);
}

/** The title (when there is one) and the text, on separate lines: what a passage is about, then what it says. */
export function passageEmbeddingText(passage: Passage): string {
  return passage.title ? `${passage.title}\n${passage.text}` : passage.text;
}
