import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A temporary folder for one test file's fixtures; call `remove()` in afterAll. */
export class TempFiles {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-data-'));

  /** Writes `content` (text or bytes) to `name` in the folder and returns its path. */
  write(name: string, content: string | Uint8Array): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  /** A path in the folder that does not exist. */
  missing(name: string): string {
    return path.join(this.dir, name);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The error `fn` throws (fails the test if it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}
