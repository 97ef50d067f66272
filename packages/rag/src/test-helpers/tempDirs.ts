import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Temporary folders for one test file; call `removeAll()` in afterAll. */
export class TempDirs {
  private readonly made: string[] = [];

  /** A fresh empty folder. */
  make(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-rag-'));
    this.made.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.made) fs.rmSync(dir, { recursive: true, force: true });
  }
}
