import * as fs from 'fs';

/**
 * Flushes a written file to disk. A rename publishes a file atomically, but
 * only flushed data survives a power loss; the manifest must never name a data
 * file that is still only in the page cache.
 */
export async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames in `dir` durable; platforms that cannot open folders (Windows) skip it. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here: the rename is still atomic, only its durability across power loss is weaker.
  } finally {
    await handle?.close();
  }
}
