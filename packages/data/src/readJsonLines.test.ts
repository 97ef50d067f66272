import { DataError } from './DataError';
import { readJsonLines } from './readJsonLines';
import { TempFiles, thrown } from './test-helpers/tempFiles';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

describe('readJsonLines', () => {
  test('one object per line; blank lines ignored', () => {
    const file = tmp.write('q.jsonl', '{"id": "a", "answers": ["308"]}\n\n{"id": "b", "answers": []}\n');
    expect(readJsonLines(file)).toEqual([
      { id: 'a', answers: ['308'] },
      { id: 'b', answers: [] },
    ]);
  });

  test('invalid JSON and non-objects name the file and line', () => {
    const bad = tmp.write('bad.jsonl', '{"id": 1}\n{"id": 2,}\n');
    const e = thrown(() => readJsonLines(bad));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(/bad\.jsonl:2: invalid JSON: /);
    const arr = tmp.write('arr.jsonl', '{"id": 1}\n[1, 2]\n');
    expect(thrown(() => readJsonLines(arr)).message).toMatch(/arr\.jsonl:2: expected a JSON object, got an array$/);
  });

  test('skip mode drops bad lines and reports the count once', () => {
    const file = tmp.write('mixed.jsonl', '{"id": 1}\nnot json\n7\n{"id": 4}\n');
    const reports: { count: number; lines: (number | undefined)[] }[] = [];
    const rows = readJsonLines(file, { badRows: 'skip', onSkipped: (r) => reports.push({ count: r.count, lines: r.errors.map((e) => e.line) }) });
    expect(rows).toEqual([{ id: 1 }, { id: 4 }]);
    expect(reports).toEqual([{ count: 2, lines: [2, 3] }]);
  });
});
