import * as path from 'path';
import { HashingEmbedder, loadEmbedder, VectorStore, VectorStoreError, type Embedder, type HashingEmbedderSettings } from '@tfzoo/rag';

/**
 * How a store remembers the embedder that made it (in the manifest's `metadata.embedder`),
 * so `ask` and `eval` need no `--embedder`: the hashing embedder's settings (it has no
 * weights, so they rebuild it exactly), or the absolute path of an encoder folder.
 */
export type StoredEmbedder = { type: 'hashing'; settings: HashingEmbedderSettings } | { type: 'folder'; path: string };

/** The CLI's default embedder: no training, no idf (so its space does not depend on the collection and new files can join a store). */
export function defaultHashingEmbedder(dimension: number): HashingEmbedder {
  return new HashingEmbedder({ dimension, ngrams: 2 });
}

/** The embedder `--embedder DIR` names, or the default hashing one, and how the store records it. */
export async function resolveEmbedder(embedderDir: string | undefined, dimension: number): Promise<{ embedder: Embedder; stored: StoredEmbedder }> {
  if (embedderDir === undefined) {
    const embedder = defaultHashingEmbedder(dimension);
    return { embedder, stored: { type: 'hashing', settings: { ...embedder.settings } } };
  }
  return { embedder: await loadEmbedder(embedderDir), stored: { type: 'folder', path: path.resolve(embedderDir) } };
}

/** Rebuilds the embedder a store was made with (or loads `override`), so queries land in the store's space. */
export async function storeEmbedder(store: VectorStore, override: string | undefined): Promise<Embedder> {
  let embedder: Embedder;
  if (override !== undefined) embedder = await loadEmbedder(override);
  else {
    const stored = store.metadata?.embedder as StoredEmbedder | undefined;
    if (stored?.type === 'hashing') embedder = HashingEmbedder.fromSettings(stored.settings, store.embedder.fingerprint, `the store at ${store.dir}`);
    else if (stored?.type === 'folder') {
      try {
        embedder = await loadEmbedder(stored.path);
      } catch (e) {
        throw new Error(`the store at ${store.dir} was built with the encoder in ${stored.path}, which cannot be loaded (${(e as Error).message}); pass --embedder DIR`);
      }
    } else throw new Error(`the store at ${store.dir} does not say which embedder built it (not made by \`tfzoo rag index\`); pass --embedder DIR`);
  }
  try {
    store.checkEmbedder(embedder.info);
  } catch (e) {
    embedder.dispose?.();
    throw e;
  }
  return embedder;
}

/**
 * Opens the store in `dir` for reading, turning each `VectorStoreError` into a message
 * that says what to do: no store, a damaged one, one with no passages.
 */
export async function openStoreForReading(dir: string): Promise<VectorStore> {
  let store: VectorStore;
  try {
    store = await VectorStore.open(dir);
  } catch (e) {
    throw explainStoreError(e, dir);
  }
  if (store.size === 0) throw new Error(`the store at ${dir} holds no passages; add documents with \`tfzoo rag index <folder|file> --store ${dir}\``);
  return store;
}

/** A `VectorStoreError` reworded for the command line; other errors pass through. */
export function explainStoreError(e: unknown, dir: string): Error {
  if (!(e instanceof VectorStoreError)) return e as Error;
  switch (e.code) {
    case 'not-found':
      return new Error(`no store at ${dir} (${e.message}); create one with \`tfzoo rag index <folder|file> --store ${dir}\``);
    case 'corrupt':
      return new Error(`the store at ${dir} is damaged: ${e.message}; delete the folder and index the documents again`);
    case 'embedder-mismatch':
      return new Error(`${e.message}. Index into a new --store, or use the store's own embedder (leave out --embedder and --dimension)`);
    default:
      return e;
  }
}
