import * as fs from 'fs';
import { DataError } from './DataError';
import { readTextCorpus, readTextLines } from './readTextCorpus';
import { TempFiles, thrown } from './test-helpers/tempFiles';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

describe('readTextCorpus', () => {
  test('returns the text; CRLF becomes LF unless asked not to; a BOM is dropped', () => {
    const file = tmp.write('crlf.txt', '\uFEFFFirst Citizen:\r\nSpeak, speak.\r\n');
    expect(readTextCorpus(file)).toBe('First Citizen:\nSpeak, speak.\n');
    expect(readTextCorpus(file, { normalizeNewlines: false })).toBe('First Citizen:\r\nSpeak, speak.\r\n');
  });

  test('a missing file is a DataError naming the path', () => {
    const file = tmp.missing('nope.txt');
    const e = thrown(() => readTextCorpus(file));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe(`${file}: no such file (resolved to ${file})`);
    expect((e as DataError).file).toBe(file);
  });

  test('empty, whitespace-only, directory and non-UTF-8 files are clear errors', () => {
    expect(thrown(() => readTextCorpus(tmp.write('empty.txt', ''))).message).toMatch(/empty\.txt: file is empty$/);
    expect(thrown(() => readTextCorpus(tmp.write('blank.txt', ' \n\n'))).message).toMatch(/blank\.txt: file has only whitespace \(3 bytes\)$/);
    expect(thrown(() => readTextCorpus(tmp.dir)).message).toBe(`${tmp.dir}: is a directory, expected a file`);
    const latin1 = tmp.write('latin1.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(thrown(() => readTextCorpus(latin1)).message).toContain('latin1.txt: is not valid UTF-8');
  });

  test('an unreadable file is a DataError, not a raw EACCES', () => {
    const file = tmp.write('secret.txt', 'x');
    fs.chmodSync(file, 0o000);
    try {
      // root can read anything; only check the message where permissions apply.
      let readable = true;
      try {
        fs.readFileSync(file);
      } catch {
        readable = false;
      }
      if (!readable) expect(thrown(() => readTextCorpus(file)).message).toBe(`${file}: permission denied`);
    } finally {
      fs.chmodSync(file, 0o644);
    }
  });
});

describe('readTextLines', () => {
  test('splits on LF only: U+0085 and U+2028 inside a sentence stay text', () => {
    const file = tmp.write('lines.txt', 'one\u0085 two\r\n\n  \nthree\u2028four\n');
    expect(readTextLines(file)).toEqual(['one\u0085 two', 'three\u2028four']);
    expect(readTextLines(file, { skipEmpty: false })).toEqual(['one\u0085 two', '', '  ', 'three\u2028four']);
    expect(readTextLines(tmp.write('pad.txt', '  a  \n'), { trim: true })).toEqual(['a']);
  });
});
