import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { syncDirectory, syncFile, syncFilesIn } from './durableFiles';

describe('durableFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-durable-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('flushes a file without changing it', async () => {
    const file = path.join(dir, 'a.bin');
    fs.writeFileSync(file, Buffer.from([1, 2, 3]));
    await syncFile(file);
    expect([...fs.readFileSync(file)]).toEqual([1, 2, 3]);
  });

  it('names the missing file instead of ignoring it', async () => {
    await expect(syncFile(path.join(dir, 'missing.bin'))).rejects.toThrow(/missing\.bin/);
  });

  it('flushes the files of a folder and leaves sub-folders alone', async () => {
    fs.writeFileSync(path.join(dir, 'x.json'), '{}');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'y.json'), '[]');
    await syncFilesIn(dir);
    expect(fs.readFileSync(path.join(dir, 'x.json'), 'utf8')).toBe('{}');
    expect(fs.readdirSync(dir).sort()).toEqual(['sub', 'x.json']);
  });

  it('treats a folder it cannot open as best effort', async () => {
    await expect(syncDirectory(dir)).resolves.toBeUndefined();
    await expect(syncDirectory(path.join(dir, 'nope'))).resolves.toBeUndefined();
  });
});
