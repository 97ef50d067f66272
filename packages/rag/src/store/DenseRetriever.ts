import type { Embedder, Retriever, ScoredPassage } from '../types';
import type { VectorSearchOptions, VectorStore } from './VectorStore';

/** Options of {@link DenseRetriever}. */
export interface DenseRetrieverOptions extends VectorSearchOptions {
  /** Name in results and hybrid fusion. Default `dense`. */
  name?: string;
}

/**
 * Retrieval by embedding similarity: embeds the query with `embedder` and searches
 * `store`. Refuses (at construction) a store built with another embedder, since
 * its vectors would live in another space.
 *
 * @example
 * const dense = new DenseRetriever(await VectorStore.open('index/'), embedder);
 * const hits = await dense.search('What is the capital of Kenya?', 5);
 */
export class DenseRetriever implements Retriever {
  readonly name: string;

  constructor(
    readonly store: VectorStore,
    readonly embedder: Embedder,
    private readonly options: DenseRetrieverOptions = {},
  ) {
    store.checkEmbedder(embedder.info);
    this.name = options.name ?? 'dense';
  }

  async search(query: string, k: number): Promise<ScoredPassage[]> {
    const vectors = await this.embedder.embed([query]);
    if (vectors.length !== 1) throw new Error(`expected the embedder to return 1 vector for 1 query, got ${vectors.length}`);
    return this.store.search(vectors[0], k, { exact: this.options.exact });
  }
}
