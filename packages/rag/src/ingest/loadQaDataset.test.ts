import * as fs from 'fs';
import * as path from 'path';
import { TempDirs } from '../test-helpers/tempDirs';
import { loadQaDataset, qaRetrievalQueries } from './loadQaDataset';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

function fixture(questions: string): string {
  const dir = temp.make();
  fs.writeFileSync(path.join(dir, 'passages.jsonl'), '{"id": "A#0", "title": "A", "text": "Alpha text."}\n{"id": "A#2", "title": "A", "text": "More alpha."}\n');
  fs.writeFileSync(path.join(dir, 'distractor_passages.jsonl'), '{"id": "A#1", "title": "A", "text": "Distractor."}\n');
  fs.writeFileSync(path.join(dir, 'questions.jsonl'), questions);
  return dir;
}

describe('loadQaDataset', () => {
  it('loads passages with their ids, optional distractors, and questions', () => {
    const dir = fixture('{"id": "q1", "question": "What?", "answers": ["Alpha", "alpha text"], "passage_id": "A#2"}\n');
    const plain = loadQaDataset(dir);
    expect(plain.passages.map((p) => p.id)).toEqual(['A#0', 'A#2']);
    expect(plain.passages[1]).toEqual({ id: 'A#2', text: 'More alpha.', title: 'A', source: path.join(dir, 'passages.jsonl'), position: 1 });
    expect(plain.questions).toEqual([{ id: 'q1', question: 'What?', answers: ['Alpha', 'alpha text'], passageId: 'A#2' }]);
    expect(loadQaDataset(dir, { distractors: true }).passages.map((p) => p.id)).toEqual(['A#0', 'A#2', 'A#1']);
    expect(qaRetrievalQueries(plain.questions)).toEqual([{ id: 'q1', query: 'What?', relevant: ['A#2'] }]);
  });

  it('rejects a question pointing at an unknown passage or with no answers', () => {
    expect(() => loadQaDataset(fixture('{"id": "q", "question": "?", "answers": ["x"], "passage_id": "A#1"}\n'))).toThrow(
      'record 1: "passage_id" "A#1" is not among the loaded passages',
    );
    expect(() => loadQaDataset(fixture('{"id": "q", "question": "?", "answers": [], "passage_id": "A#0"}\n'))).toThrow(
      'expected "answers" to be a non-empty list of strings, got []',
    );
  });

  // The shared SQuAD-derived data (SOURCES.md there); skipped where the folder is absent.
  const shared = '/work/shared/data/qa';
  (fs.existsSync(path.join(shared, 'passages.jsonl')) ? it : it.skip)('loads the shared SQuAD-derived set with its counts and ids', () => {
    const { passages, questions } = loadQaDataset(shared, { distractors: true });
    expect(passages).toHaveLength(150 + 1274);
    expect(questions).toHaveLength(764);
    const superBowl = passages.find((p) => p.id === 'Super_Bowl_50#11')!;
    expect(superBowl.title).toBe('Super Bowl 50');
    expect(superBowl.text.startsWith('The Panthers defense gave up just 308 points')).toBe(true);
    // Every answer occurs verbatim in its passage (SOURCES.md promises it).
    const byId = new Map(passages.map((p) => [p.id, p]));
    for (const q of questions) for (const a of q.answers) expect(byId.get(q.passageId)!.text.includes(a)).toBe(true);
  });
});
