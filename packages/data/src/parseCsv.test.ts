import { DataError } from './DataError';
import { parseCsv } from './parseCsv';
import { Random } from './Random';
import { thrown } from './test-helpers/tempFiles';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  test('plain fields, LF and CRLF record ends, final newline optional', () => {
    expect(fields('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(fields('a,b\r\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  test('quoted fields hold commas, doubled quotes and newlines', () => {
    const text = '"hello, world",1\n"she said ""hi""",0\n"line one\nline two",1\n"",""\n';
    expect(fields(text)).toEqual([
      ['hello, world', '1'],
      ['she said "hi"', '0'],
      ['line one\nline two', '1'],
      ['', ''],
    ]);
  });

  test('line numbers count the newlines inside quoted fields', () => {
    const records = parseCsv('h1,h2\n"a\nb\nc",1\nd,2\n\ne,3\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 7]);
  });

  test('empty fields, trailing delimiter, a field that is only a quoted CRLF', () => {
    expect(fields(',a,\n')).toEqual([['', 'a', '']]);
    expect(fields('a,\n')).toEqual([['a', '']]);
    expect(fields('a,')).toEqual([['a', '']]);
    expect(fields('"\r\n",x\r\n')).toEqual([['\r\n', 'x']]);
  });

  test('a quote inside an unquoted field is kept literally', () => {
    expect(fields('5" screen,1\n')).toEqual([['5" screen', '1']]);
  });

  test('text after a closing quote marks that record bad and parsing resumes on the next line', () => {
    const records = parseCsv('"abc"x,1\nok,2\n');
    expect(records[0].line).toBe(1);
    expect(records[0].error).toMatch(/unexpected "x" after the closing quote of field 1/);
    expect(records[1]).toEqual({ line: 2, fields: ['ok', '2'] });
  });

  test('an unterminated quote throws a DataError at the line where it opened', () => {
    const e = thrown(() => parseCsv('a,b\n"never closed,1\nmore\n', { file: 'r.csv' }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('r.csv:2: unterminated quoted field: no closing quote before the end of the file');
  });

  test('other delimiters; a bad delimiter is rejected', () => {
    expect(parseCsv('a;"b;c"\n', { delimiter: ';' }).map((r) => r.fields)).toEqual([['a', 'b;c']]);
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow('expected a one-character delimiter');
  });

  test('round trip: random fields written per RFC 4180 parse back exactly', () => {
    const rng = new Random(7);
    const alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', ';'];
    const rows: string[][] = [];
    for (let r = 0; r < 200; r++) {
      const row: string[] = [];
      const n = 1 + rng.nextInt(4);
      for (let c = 0; c < n; c++) {
        let f = '';
        const len = rng.nextInt(6);
        for (let k = 0; k < len; k++) f += alphabet[rng.nextInt(alphabet.length)];
        row.push(f);
      }
      // A row that is one empty field would be a blank line, which the parser skips by design.
      if (row.length === 1 && row[0] === '') row[0] = 'x';
      rows.push(row);
    }
    const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    const text = rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
    expect(fields(text)).toEqual(rows);
  });
});
