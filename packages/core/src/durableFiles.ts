import * as fs from 'fs';
import * as path from 'path';

/**
 * Flushes a written file to disk. A rename publishes a file atomically, but
 * only flushed data survives a power loss: a manifest or a renamed folder must
 * never name data that is still only in the page cache.
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

/** Flushes every file directly in `dir` (not sub-folders), before the folder is renamed into place. */
export async function syncFilesIn(dir: string): Promise<void> {
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) await syncFile(path.join(dir, entry.name));
  }
}
