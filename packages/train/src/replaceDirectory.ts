import * as fs from 'fs';
import * as path from 'path';
import { syncDirectory, syncFilesIn } from '@tfzoo/core';

/** Points in `replaceDirectory` where a test can simulate a crash. */
export type ReplacePhase = 'written' | 'movedAside' | 'renamed';

/** Options of `replaceDirectory`. */
export interface ReplaceDirectoryOptions {
  /**
   * Called after each phase; throwing from it simulates a crash at that point
   * (tests use this to check the previous copy stays loadable).
   */
  onPhase?: (phase: ReplacePhase) => void;
}

/** The sibling folder a new copy is written into. */
export function stagingPath(target: string): string {
  return `${target}.tmp`;
}

/** The sibling folder the previous copy is moved to while the new one is renamed in. */
export function previousPath(target: string): string {
  return `${target}.old`;
}

/**
 * Replaces the folder `target` with one filled by `write`, so that a crash at
 * any point leaves a complete copy on disk:
 *
 * 1. `write` fills `<target>.tmp` and its files are flushed to disk;
 * 2. the old `<target>` is renamed to `<target>.old`;
 * 3. `<target>.tmp` is renamed to `<target>`;
 * 4. `<target>.old` is removed.
 *
 * A crash before 2 leaves `<target>` intact; between 2 and 3 only
 * `<target>.old` exists, and `completeCopy` finds it there. The next call
 * cleans up whatever a crash left behind.
 */
export async function replaceDirectory(
  target: string,
  write: (dir: string) => Promise<void>,
  options: ReplaceDirectoryOptions = {},
): Promise<void> {
  const staging = stagingPath(target);
  const previous = previousPath(target);
  await fs.promises.rm(staging, { recursive: true, force: true });
  // `.old` beside a complete target is leftover from a crash after step 3; without a
  // target it is the only good copy, so it stays until the new one is in place.
  if (exists(target) && exists(previous)) await fs.promises.rm(previous, { recursive: true, force: true });
  await fs.promises.mkdir(staging, { recursive: true });
  await write(staging);
  await syncFilesIn(staging);
  options.onPhase?.('written');
  if (exists(target)) await fs.promises.rename(target, previous);
  options.onPhase?.('movedAside');
  await fs.promises.rename(staging, target);
  await syncDirectory(path.dirname(target));
  options.onPhase?.('renamed');
  await fs.promises.rm(previous, { recursive: true, force: true });
}

/**
 * The folder holding the last complete copy written by `replaceDirectory`:
 * `target` if `marker` exists in it, else `<target>.old` (a crash mid-swap),
 * else null. `marker` is the file written last, whose presence means complete.
 */
export function completeCopy(target: string, marker: string): string | null {
  if (exists(path.join(target, marker))) return target;
  const previous = previousPath(target);
  if (exists(path.join(previous, marker))) return previous;
  return null;
}

function exists(p: string): boolean {
  return fs.existsSync(p);
}
