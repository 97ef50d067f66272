import * as fs from 'fs';
import * as path from 'path';
import { DataError } from '@tfzoo/data';
import { TempDirs } from '../test-helpers/tempDirs';
import { documentFiles, ingestFile, ingestJsonl, ingestMarkdown, ingestPaths, ingestText } from './ingestDocuments';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

function write(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('ingestText / ingestMarkdown', () => {
  it('numbers chunks as <source>#<position>', () => {
    const passages = ingestText('One two.\r\n\r\nThree four.', 'notes.txt', { maxTokens: 2 });
    expect(passages).toEqual([
      { id: 'notes.txt#0', text: 'One two.', source: 'notes.txt', position: 0 },
      { id: 'notes.txt#1', text: 'Three four.', source: 'notes.txt', position: 1 },
    ]);
  });

  it('titles Markdown passages by heading and leaves untitled text untitled', () => {
    const passages = ingestMarkdown('Preface.\n\n# A\n\nBody of A.', 'doc.md');
    expect(passages.map((p) => [p.id, p.title, p.text])).toEqual([
      ['doc.md#0', undefined, 'Preface.'],
      ['doc.md#1', 'A', 'Body of A.'],
    ]);
    expect('title' in passages[0]).toBe(false);
  });
});

describe('ingestJsonl', () => {
  it('keeps dataset ids and titles, one passage per record', () => {
    const dir = temp.make();
    const file = write(dir, 'p.jsonl', '{"id": "Rhine#3", "title": "Rhine", "text": "The Rhine flows."}\n{"id": 7, "text": "No title."}\n');
    expect(ingestJsonl(file, { source: 'qa' })).toEqual([
      { id: 'Rhine#3', text: 'The Rhine flows.', source: 'qa', position: 0, title: 'Rhine' },
      { id: '7', text: 'No title.', source: 'qa', position: 1 },
    ]);
  });

  it('reads custom fields, numbers records without ids and can chunk long records', () => {
    const dir = temp.make();
    const file = write(dir, 'c.jsonl', '{"body": "a b c d e f", "name": "x"}\n{"body": "g h", "name": "y"}\n');
    expect(ingestJsonl(file, { textField: 'body', idField: null, titleField: 'name', source: 's' }).map((p) => [p.id, p.title])).toEqual([
      ['s#0', 'x'],
      ['s#1', 'y'],
    ]);
    const chunked = ingestJsonl(file, { textField: 'body', idField: 'name', chunkRecords: true, maxTokens: 4, source: 's' });
    expect(chunked.map((p) => [p.id, p.text, p.position])).toEqual([
      ['x#0', 'a b c d', 0],
      ['x#1', 'e f', 1],
      ['y', 'g h', 2],
    ]);
  });

  it('names the file and record for a missing text field, a bad id or a duplicate id', () => {
    const dir = temp.make();
    const noText = write(dir, 'a.jsonl', '{"id": "1", "text": "ok"}\n{"id": "2", "body": "x"}\n');
    expect(() => ingestJsonl(noText)).toThrow(`${noText}: record 2: expected field "text" to be a string, got nothing`);
    const badId = write(dir, 'b.jsonl', '{"id": ["x"], "text": "ok"}\n');
    expect(() => ingestJsonl(badId)).toThrow('record 1: expected field "id" to be a string or number id, got ["x"]');
    const dup = write(dir, 'c.jsonl', '{"id": "1", "text": "a"}\n{"id": "1", "text": "b"}\n');
    expect(() => ingestJsonl(dup)).toThrow(DataError);
    expect(() => ingestJsonl(dup)).toThrow('record 2: duplicate id "1" (first on record 1)');
  });
});

describe('ingestFile / ingestPaths', () => {
  it('picks the format from the extension and walks folders in sorted order', () => {
    const dir = temp.make();
    write(dir, 'b/guide.md', '# Guide\n\nUse it.');
    write(dir, 'a.txt', 'Plain words.');
    write(dir, 'c.jsonl', '{"id": "q1", "text": "From JSONL."}');
    write(dir, 'image.png', 'not text');
    write(dir, '.hidden/x.md', 'secret');
    write(dir, 'node_modules/y.md', 'dependency');
    write(dir, 'empty.md', '');
    expect(documentFiles([dir]).map((f) => path.relative(dir, f))).toEqual(['a.txt', path.join('b', 'guide.md'), 'c.jsonl']);
    const passages = ingestPaths([dir]);
    expect(passages.map((p) => [path.relative(dir, p.source), p.id.startsWith(dir) ? path.relative(dir, p.id) : p.id, p.title])).toEqual([
      ['a.txt', 'a.txt#0', undefined],
      [path.join('b', 'guide.md'), path.join('b', 'guide.md#0'), 'Guide'],
      ['c.jsonl', 'q1', undefined],
    ]);
  });

  it('reads a named file of any extension as text, or as the format asked for', () => {
    const dir = temp.make();
    const file = write(dir, 'README', '# Title\n\nbody');
    expect(ingestFile(file)[0].text).toBe('# Title\n\nbody');
    expect(ingestFile(file, { format: 'markdown' })[0].title).toBe('Title');
  });

  it('reports missing paths and a file listed twice', () => {
    const dir = temp.make();
    const file = write(dir, 'a.txt', 'words');
    expect(() => ingestPaths([path.join(dir, 'nope')])).toThrow('no such file or folder');
    expect(() => ingestPaths([file, file])).toThrow('occurs twice (is the file listed twice?)');
  });
});
