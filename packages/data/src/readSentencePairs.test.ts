import { readSentencePairs } from './readSentencePairs';
import { TempFiles, thrown } from './test-helpers/tempFiles';

const tmp = new TempFiles();
afterAll(() => tmp.remove());

describe('readSentencePairs', () => {
  // Tatoeba layout: no header, english<TAB>french, French spacing with U+202F.
  const tatoeba = () => tmp.write('en_fr.tsv', 'Run!\tCours\u202f!\nWho?\tQui ?\nHe said "no".\tIl a dit «\u00a0non\u00a0».\n');

  test('reads source/target pairs from columns 0 and 1 by default, text untouched', () => {
    expect(readSentencePairs(tatoeba())).toEqual([
      { source: 'Run!', target: 'Cours\u202f!' },
      { source: 'Who?', target: 'Qui ?' },
      { source: 'He said "no".', target: 'Il a dit «\u00a0non\u00a0».' },
    ]);
  });

  test('columns can be swapped (French to English) or named with a header', () => {
    expect(readSentencePairs(tatoeba(), { sourceColumn: 1, targetColumn: 0 })[1]).toEqual({ source: 'Qui ?', target: 'Who?' });
    const named = tmp.write('named.tsv', 'id\ten\tfr\n1\tHi.\tSalut.\n');
    expect(readSentencePairs(named, { sourceColumn: 'en', targetColumn: 'fr' })).toEqual([{ source: 'Hi.', target: 'Salut.' }]);
    expect(() => readSentencePairs(named, { sourceColumn: 1, targetColumn: 1 })).toThrow('expected different source and target columns');
  });

  test('a row with a missing side or an extra tab is a bad row with file and line', () => {
    const bad = tmp.write('bad.tsv', 'Hi.\tSalut.\nLonely\nA\tB\tC\n');
    expect(thrown(() => readSentencePairs(bad)).message).toBe(`${bad}:2: expected 2 columns, got 1`);
    const reports: number[] = [];
    expect(readSentencePairs(bad, { badRows: 'skip', onSkipped: (r) => reports.push(r.count) })).toEqual([{ source: 'Hi.', target: 'Salut.' }]);
    expect(reports).toEqual([2]);
    const empty = tmp.write('emptyside.tsv', 'Hi.\tSalut.\nHello.\t \n');
    expect(thrown(() => readSentencePairs(empty)).message).toBe(`${empty}:2: expected a target sentence in column 1, got " "`);
  });

  test('a missing file names the path', () => {
    const missing = tmp.missing('pairs.tsv');
    expect(thrown(() => readSentencePairs(missing)).message).toBe(`${missing}: no such file (resolved to ${missing})`);
  });
});
