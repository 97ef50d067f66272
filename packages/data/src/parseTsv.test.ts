import { parseTsv } from './parseTsv';

describe('parseTsv', () => {
  test('splits on TAB with no quoting; quotes are plain characters', () => {
    expect(parseTsv('he said "hi"\t1\n"x\t0\n')).toEqual([
      { line: 1, fields: ['he said "hi"', '1'] },
      { line: 2, fields: ['"x', '0'] },
    ]);
  });

  test('CRLF lines, skipped empty lines keep their line numbers, empty fields stay', () => {
    expect(parseTsv('a\tb\r\n\r\n\tc\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['', 'c'] },
    ]);
  });
});
