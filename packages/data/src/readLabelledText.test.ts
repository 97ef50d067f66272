import { DataError } from './DataError';
import { readLabelledText } from './readLabelledText';
import { TempFiles, thrown } from './test-helpers/tempFiles';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

describe('readLabelledText: TSV', () => {
  test('the sentiment layout (text<TAB>label header) reads with the defaults; quotes are text', () => {
    const file = tmp.write('rt.tsv', 'text\tlabel\nit\'s a "charming" , funny film .\t1\nflat and dull .\t0\n');
    expect(readLabelledText(file)).toEqual([
      { text: 'it\'s a "charming" , funny film .', label: 1 },
      { text: 'flat and dull .', label: 0 },
    ]);
  });

  test('extra columns (uci: text, label, source) are fine; columns by index without header', () => {
    const uci = tmp.write('uci.tsv', 'text\tlabel\tsource\nGood product.\t1\tamazon\nWorst show.\t0\timdb\n');
    expect(readLabelledText(uci).map((e) => e.label)).toEqual([1, 0]);
    const noHeader = tmp.write('plain.tsv', '1\tgreat\n0\tbad\n');
    expect(readLabelledText(noHeader, { textColumn: 1, labelColumn: 0 })).toEqual([
      { text: 'great', label: 1 },
      { text: 'bad', label: 0 },
    ]);
  });

  test('a row with the wrong column count names file and line', () => {
    const file = tmp.write('reviews.tsv', 'text\tlabel\ngood\t1\nno label here\nbad\t0\n');
    const e = thrown(() => readLabelledText(file));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe(`${file}:3: expected 2 columns, got 1`);
    expect((e as DataError).line).toBe(3);
  });

  test('declared class names map to their index; an undeclared name is a bad row', () => {
    const file = tmp.write('named.tsv', 'text\tlabel\nyay\tpos\nboo\tneg\n');
    expect(readLabelledText(file, { labels: ['neg', 'pos'] }).map((e) => e.label)).toEqual([1, 0]);
    expect(thrown(() => readLabelledText(file, { labels: ['negative', 'positive'] })).message).toBe(
      `${file}:2: column "label": expected a label in ["negative", "positive"], got "pos"`,
    );
    expect(thrown(() => readLabelledText(file)).message).toContain(`${file}:2: column "label": expected a numeric label, got "pos"`);
    expect(() => readLabelledText(file, { labels: ['a', 'a'] })).toThrow('class name "a" appears twice');
  });

  test('numeric labels: integers, decimals, exponents; empty text is a bad row', () => {
    const file = tmp.write('scores.tsv', 'text\tlabel\na\t-0.5\nb\t3e2\nc\t 7 \n');
    expect(readLabelledText(file).map((e) => e.label)).toEqual([-0.5, 300, 7]);
    const empty = tmp.write('emptytext.tsv', 'text\tlabel\n \t1\n');
    expect(thrown(() => readLabelledText(empty)).message).toBe(`${empty}:2: empty text in column "text"`);
  });

  test('an unknown column name lists the header; an index past the columns is an error', () => {
    const file = tmp.write('cols.tsv', 'review\tsentiment\nok\t1\n');
    expect(thrown(() => readLabelledText(file)).message).toBe(`${file}:1: no column named "text"; the header has "review", "sentiment"`);
    expect(thrown(() => readLabelledText(file, { textColumn: 5, labelColumn: 1, header: true })).message).toBe(
      `${file}:2: column 5 is out of range: rows have 2 columns`,
    );
  });
});

describe('readLabelledText: CSV', () => {
  test('RFC 4180 quoting: commas, doubled quotes and newlines inside text', () => {
    const file = tmp.write(
      'reviews.csv',
      'label,text\r\n1,"Great, really great"\r\n0,"He said ""meh"""\r\n1,"two\nlines"\r\n0,plain\r\n',
    );
    expect(readLabelledText(file)).toEqual([
      { text: 'Great, really great', label: 1 },
      { text: 'He said "meh"', label: 0 },
      { text: 'two\nlines', label: 1 },
      { text: 'plain', label: 0 },
    ]);
  });

  test('line numbers of bad rows count newlines inside quoted fields', () => {
    const file = tmp.write('multi.csv', 'text,label\n"a\nb\nc",1\nmissing label\n');
    expect(thrown(() => readLabelledText(file)).message).toBe(`${file}:5: expected 2 columns, got 1`);
  });

  test('format can be given for files with another extension; unknown extensions ask for it', () => {
    const file = tmp.write('data.txt', 'text,label\nhi,1\n');
    expect(readLabelledText(file, { format: 'csv' })).toEqual([{ text: 'hi', label: 1 }]);
    expect(thrown(() => readLabelledText(file)).message).toBe(`${file}: cannot tell the format from the file name; pass format: 'tsv', 'csv' or 'jsonl'`);
  });
});

describe('readLabelledText: JSONL', () => {
  test('fields by key; labels may be JSON numbers, strings or booleans', () => {
    const file = tmp.write('d.jsonl', '{"review": "good", "y": 1}\n{"review": "bad", "y": "0"}\n{"review": "meh", "y": false}\n');
    expect(readLabelledText(file, { textColumn: 'review', labelColumn: 'y' })).toEqual([
      { text: 'good', label: 1 },
      { text: 'bad', label: 0 },
      { text: 'meh', label: 0 },
    ]);
  });

  test('a missing field is an error with its line number', () => {
    const file = tmp.write('missing.jsonl', '{"text": "a", "label": 1}\n{"text": "b"}\n');
    const e = thrown(() => readLabelledText(file));
    expect(e.message).toBe(`${file}:2: missing field "label"`);
    expect(thrown(() => readLabelledText(tmp.write('num.jsonl', '{"text": 5, "label": 1}\n'))).message).toMatch(
      /num\.jsonl:1: expected text in column "text", got 5$/,
    );
    expect(() => readLabelledText(file, { textColumn: 0 })).toThrow('JSONL rows are objects: name columns by key, got index 0');
  });
});

describe('readLabelledText: bad-row policy and file errors', () => {
  const file = () => tmp.write('some-bad.tsv', 'text\tlabel\ngood\t1\nbroken\nfine\t0\nworse\tx\n');

  test("badRows: 'skip' keeps the good rows and reports the count once", () => {
    const reports: { file: string; count: number; lines: (number | undefined)[] }[] = [];
    const rows = readLabelledText(file(), {
      badRows: 'skip',
      onSkipped: (r) => reports.push({ file: r.file, count: r.count, lines: r.errors.map((e) => e.line) }),
    });
    expect(rows).toEqual([
      { text: 'good', label: 1 },
      { text: 'fine', label: 0 },
    ]);
    expect(reports).toEqual([{ file: file(), count: 2, lines: [3, 5] }]);
  });

  test('without onSkipped the skip summary is one console.warn line', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      readLabelledText(file(), { badRows: 'skip' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toBe(`${file()}: skipped 2 bad row(s); first: ${file()}:3: expected 2 columns, got 1`);
    } finally {
      warn.mockRestore();
    }
  });

  test('a file where every row is bad is an error even in skip mode', () => {
    const all = tmp.write('all-bad.tsv', 'text\tlabel\na\nb\n');
    expect(thrown(() => readLabelledText(all, { badRows: 'skip', onSkipped: () => undefined })).message).toBe(
      `${all}: no data rows; all 2 rows were bad, first: ${all}:2: expected 2 columns, got 1`,
    );
  });

  test('missing, empty and header-only files name the path', () => {
    const missing = tmp.missing('never-written.tsv');
    const e = thrown(() => readLabelledText(missing));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe(`${missing}: no such file (resolved to ${missing})`);
    expect(thrown(() => readLabelledText(tmp.write('empty.tsv', ''))).message).toMatch(/empty\.tsv: file is empty$/);
    expect(thrown(() => readLabelledText(tmp.write('head.tsv', 'text\tlabel\n'))).message).toMatch(/head\.tsv: has a header row but no data rows$/);
  });
});
