import { Random } from '@tfzoo/data';

/** Where an {@link EpochCursor} stands; what a checkpoint saves. */
export interface EpochCursorState {
  epoch: number;
  position: number;
}

/** One batch of an {@link EpochCursor}. */
export interface CursorBatch {
  /** Indices of the batch's items, distinct. */
  indices: Int32Array;
  /** A generator seeded by (seed, epoch, position) only, for the batch's random choices (crops, query sentences). */
  random: Random;
}

/** Endless full batches over [0, n), each epoch in a fresh seeded order; resumable from its state. */
export interface EpochCursor {
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  next(): CursorBatch;
  getState(): EpochCursorState;
  /** Restores a `getState()`; anything else is an error naming `owner`. */
  setState(state: unknown): void;
}

/**
 * The batch order shared by the contrastive batch sources: epoch e visits `orderOf(seed + e)`
 * cut into full batches of `min(batchSize, n)` (a remainder that does not fill a batch waits
 * for a later epoch's order). Everything random about a batch depends only on (seed, epoch,
 * position), so a run resumed from `getState()` sees the batches it would have seen.
 */
export function epochCursor(n: number, batchSize: number, seed: number, orderOf: (epochSeed: number) => Int32Array, owner: string): EpochCursor {
  const size = Math.min(batchSize, n);
  let epoch = 0;
  let position = 0;
  let order = orderOf(seed);
  return {
    batchSize: size,
    batchesPerEpoch: Math.floor(n / size),
    next(): CursorBatch {
      if (position + size > n) {
        epoch += 1;
        position = 0;
        order = orderOf(seed + epoch);
      }
      const batch = { indices: order.subarray(position, position + size), random: new Random((seed * 1_000_003 + epoch * 7919 + position) | 0) };
      position += size;
      return batch;
    },
    getState: () => ({ epoch, position }),
    setState(state: unknown) {
      const s = state as { epoch?: unknown; position?: unknown } | null;
      if (s === null || typeof s !== 'object' || !Number.isInteger(s.epoch) || !Number.isInteger(s.position)) {
        throw new Error(`${owner}: expected a state {epoch, position}, got ${JSON.stringify(state)}`);
      }
      epoch = s.epoch as number;
      position = s.position as number;
      order = orderOf(seed + epoch);
    },
  };
}
