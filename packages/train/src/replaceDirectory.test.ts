import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ReplacePhase, completeCopy, replaceDirectory } from './replaceDirectory';

describe('replaceDirectory', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-replace-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const writeVersion = (v: string) => async (dir: string) => {
    fs.writeFileSync(path.join(dir, 'data.txt'), v);
    fs.writeFileSync(path.join(dir, 'done'), '');
  };
  const version = (target: string) => {
    const from = completeCopy(target, 'done');
    return from === null ? null : fs.readFileSync(path.join(from, 'data.txt'), 'utf8');
  };

  it('creates, then replaces, leaving no staging or old folders', async () => {
    const target = path.join(root, 'nested', 'ckpt');
    await replaceDirectory(target, writeVersion('v1'));
    await replaceDirectory(target, writeVersion('v2'));
    expect(version(target)).toBe('v2');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['ckpt']);
  });

  it.each<[ReplacePhase, string]>([
    ['written', 'v1'],
    ['movedAside', 'v1'],
    ['renamed', 'v2'],
  ])('after a crash at %s the last complete copy is %s, and the next write cleans up', async (phase, expected) => {
    const target = path.join(root, 'ckpt');
    await replaceDirectory(target, writeVersion('v1'));
    const crash = (p: ReplacePhase) => {
      if (p === phase) throw new Error('crash');
    };
    await expect(replaceDirectory(target, writeVersion('v2'), { onPhase: crash })).rejects.toThrow('crash');
    expect(version(target)).toBe(expected);
    await replaceDirectory(target, writeVersion('v3'));
    expect(version(target)).toBe('v3');
    expect(fs.readdirSync(root)).toEqual(['ckpt']);
  });

  it('a failing writer leaves the previous copy in place', async () => {
    const target = path.join(root, 'ckpt');
    await replaceDirectory(target, writeVersion('v1'));
    await expect(
      replaceDirectory(target, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(version(target)).toBe('v1');
  });
});
