import { DataError } from './DataError';

describe('DataError', () => {
  test('message is file:line: reason, with the parts kept as fields', () => {
    const e = new DataError('expected 2 columns, got 1', { file: 'reviews.tsv', line: 17 });
    expect(e.message).toBe('reviews.tsv:17: expected 2 columns, got 1');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DataError');
    expect(String(e)).toBe('DataError: reviews.tsv:17: expected 2 columns, got 1');
    expect([e.file, e.line, e.reason]).toEqual(['reviews.tsv', 17, 'expected 2 columns, got 1']);
  });

  test('whole-file errors have no line; errors without a file still show the line', () => {
    expect(new DataError('file is empty', { file: 'a.txt' }).message).toBe('a.txt: file is empty');
    expect(new DataError('bad', { line: 3 }).message).toBe('line 3: bad');
    expect(new DataError('bad').message).toBe('bad');
  });
});
