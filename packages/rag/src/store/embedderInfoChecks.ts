import type { EmbedderInfo } from '../types';
import { VectorStoreError } from './VectorStoreError';

/** Throws unless `info` is an {@link EmbedderInfo}: non-empty `kind`, positive integer `dimension`, string `fingerprint`. */
export function checkEmbedderInfo(info: unknown, what = 'embedder info'): asserts info is EmbedderInfo {
  const i = info as Partial<EmbedderInfo> | null;
  if (typeof i !== 'object' || i === null) throw new Error(`expected ${what} to be an object {kind, dimension, fingerprint}, got ${JSON.stringify(info)}`);
  if (typeof i.kind !== 'string' || i.kind.length === 0) throw new Error(`expected ${what}.kind to be a non-empty string, got ${JSON.stringify(i.kind)}`);
  if (typeof i.dimension !== 'number' || !Number.isInteger(i.dimension) || i.dimension < 1) {
    throw new Error(`expected ${what}.dimension to be a positive integer, got ${JSON.stringify(i.dimension)}`);
  }
  if (typeof i.fingerprint !== 'string') throw new Error(`expected ${what}.fingerprint to be a string, got ${JSON.stringify(i.fingerprint)}`);
}

/** `bert-contrastive (dimension 128, fingerprint 3fa1…)` for messages. */
export function describeEmbedder(info: EmbedderInfo): string {
  return `${info.kind} (dimension ${info.dimension}, fingerprint ${JSON.stringify(info.fingerprint)})`;
}

/**
 * Throws a {@link VectorStoreError} (`embedder-mismatch`) unless `actual` is the same
 * vector space as the store's: same kind, dimension and fingerprint. Vectors from
 * two spaces are not comparable even when their lengths agree.
 */
export function assertSameEmbedder(store: EmbedderInfo, actual: EmbedderInfo, where: string): void {
  const differences: string[] = [];
  if (store.kind !== actual.kind) differences.push(`kind ${JSON.stringify(actual.kind)} ≠ ${JSON.stringify(store.kind)}`);
  if (store.dimension !== actual.dimension) differences.push(`dimension ${actual.dimension} ≠ ${store.dimension}`);
  if (store.fingerprint !== actual.fingerprint) differences.push(`fingerprint ${JSON.stringify(actual.fingerprint)} ≠ ${JSON.stringify(store.fingerprint)}`);
  if (differences.length === 0) return;
  throw new VectorStoreError(
    'embedder-mismatch',
    `${where} was built with embedder ${describeEmbedder(store)}, but the embedder given is ${describeEmbedder(actual)} ` +
      `(${differences.join(', ')}); re-index the passages with this embedder, or use the one the store was built with`,
  );
}
