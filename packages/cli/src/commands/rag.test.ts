import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VECTOR_STORE_FILES, VectorStore } from '@tfzoo/rag';
import { runCli } from '../test-helpers/runCli';

const DOCS: Record<string, string> = {
  'volcanoes.md':
    '# Volcanoes\n\nMount Etna is an active volcano on the east coast of Sicily. It erupts every few years.\n\n' +
    '## Lava\n\nBasaltic lava flows from fissures at temperatures above 1100 degrees Celsius.\n',
  'rivers.txt':
    'The Rhine rises in the Swiss Alps and flows into the North Sea near Rotterdam.\n\n' +
    'The Danube passes through ten countries, more than any other river in the world.\n',
};

const QA_PASSAGES = [
  { id: 'Etna#0', title: 'Etna', text: 'Mount Etna is an active volcano on the east coast of Sicily.' },
  { id: 'Rhine#0', title: 'Rhine', text: 'The Rhine rises in the Swiss Alps and flows into the North Sea near Rotterdam.' },
  { id: 'Danube#0', title: 'Danube', text: 'The Danube passes through ten countries, more than any other river.' },
];
const QA_QUESTIONS = [
  { id: 'q1', question: 'Where is Mount Etna?', answers: ['Sicily', 'east coast of Sicily'], passage_id: 'Etna#0' },
  { id: 'q2', question: 'Where does the Rhine rise?', answers: ['in the Swiss Alps'], passage_id: 'Rhine#0' },
  { id: 'q3', question: 'How many countries does the Danube pass through?', answers: ['ten'], passage_id: 'Danube#0' },
];

let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-rag-cli-'));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeDocs(dir: string, docs: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(docs)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function writeQa(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'passages.jsonl'), QA_PASSAGES.map((p) => JSON.stringify(p)).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'questions.jsonl'), QA_QUESTIONS.map((q) => JSON.stringify(q)).join('\n') + '\n');
  return dir;
}

async function ok(args: string[]): Promise<string> {
  const result = await runCli(args);
  if (result.code !== 0) throw new Error(`tfzoo ${args.join(' ')} failed: ${result.err}`);
  return result.out;
}

describe('tfzoo rag', () => {
  it('indexes a folder, answers with a cited passage, and refuses an unrelated question', async () => {
    const docs = writeDocs(path.join(tmp, 'docs'), DOCS);
    const store = path.join(tmp, 'store');
    const indexed = await ok(['rag', 'index', docs, '--store', store, '--dimension', '512']);
    expect(indexed).toMatch(/added/);
    const opened = await VectorStore.open(store);
    expect(opened.sources()).toHaveLength(2);
    const passages = opened.size;
    expect(passages).toBeGreaterThanOrEqual(3);

    const asked = JSON.parse(await ok(['rag', 'ask', '--store', store, 'Where does the Rhine flow into the sea?', '--json']));
    expect(asked.answer).toContain('North Sea');
    expect(asked.cites).toEqual([1]);
    expect(asked.passages[0].source).toMatch(/rivers\.txt$/);
    expect(asked.passages[0].relevant).toBe(true);
    // The ranking is best first.
    for (let i = 1; i < asked.passages.length; i++) expect(asked.passages[i].score).toBeLessThanOrEqual(asked.passages[i - 1].score);

    const text = await ok(['rag', 'ask', '--store', store, 'Where does the Rhine flow into the sea?']);
    expect(text).toMatch(/North Sea.*\[1\]/);
    expect(text).toMatch(/\[1\] .*rivers\.txt#\d+: score [\d.]+, covers [\d.]+ of the question/);

    const unrelated = JSON.parse(await ok(['rag', 'ask', '--store', store, 'quantum chromodynamics gluon confinement', '--json']));
    expect(unrelated.answer).toBeNull();
    expect(unrelated.refusal).toMatch(/nothing relevant/);
    // "Basel" is in no passage, so the best passage covers only part of the question:
    // enough by default, not under a stricter threshold.
    const partly = JSON.parse(await ok(['rag', 'ask', '--store', store, 'Does the Rhine flow into the North Sea near Basel?', '--json']));
    expect(partly.answer).toContain('Rhine');
    expect(partly.passages[0].coverage).toBeGreaterThan(0.3);
    expect(partly.passages[0].coverage).toBeLessThan(0.9);
    const strict = JSON.parse(await ok(['rag', 'ask', '--store', store, 'Does the Rhine flow into the North Sea near Basel?', '--min-score', '0.9', '--json']));
    expect(strict.answer).toBeNull();
    expect(strict.refusal).toMatch(/under --min-score 0.9/);
  });

  it('replaces the passages of a file indexed again, keeping the other files', async () => {
    const docs = writeDocs(path.join(tmp, 'docs'), DOCS);
    const store = path.join(tmp, 'store');
    await ok(['rag', 'index', docs, '--store', store, '--dimension', '512']);
    const before = await VectorStore.open(store);
    const volcanoIds = before.passages().filter((p) => p.source.endsWith('volcanoes.md')).map((p) => p.id);
    expect(volcanoIds.length).toBe(2);

    fs.writeFileSync(path.join(docs, 'volcanoes.md'), '# Volcanoes\n\nVesuvius destroyed Pompeii in the year 79.\n');
    const out = await ok(['rag', 'index', path.join(docs, 'volcanoes.md'), '--store', store, '--dimension', '512']);
    expect(out).toMatch(/0 passage\(s\) added, 1 updated, 1 removed/);
    const after = await VectorStore.open(store);
    const volcanoes = after.passages().filter((p) => p.source.endsWith('volcanoes.md'));
    expect(volcanoes.map((p) => p.text).join(' ')).toContain('Pompeii');
    expect(volcanoes.map((p) => p.text).join(' ')).not.toContain('Etna');
    expect(after.size).toBe(before.size - 1);
    expect(after.sources()).toHaveLength(2);

    const asked = JSON.parse(await ok(['rag', 'ask', '--store', store, 'Which city did Vesuvius destroy?', '--json']));
    expect(asked.answer).toContain('Pompeii');
    const stale = JSON.parse(await ok(['rag', 'ask', '--store', store, 'Mount Etna Sicily', '--json', '--retriever', 'bm25']));
    expect(stale.passages.every((p: { text: string }) => !p.text.includes('Etna'))).toBe(true);
  });

  it('evaluates retrieval and answers on a QA folder', async () => {
    const qa = writeQa(path.join(tmp, 'qa'));
    const store = path.join(tmp, 'store');
    await ok(['rag', 'index', path.join(qa, 'passages.jsonl'), '--store', store, '--dimension', '512']);
    const report = path.join(tmp, 'report.json');
    const out = await ok(['rag', 'eval', '--store', store, '--data', qa, '--output', report]);
    expect(out).toMatch(/recall@1/);
    const figures = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(figures.questions).toBe(3);
    expect(figures.retrieval.map((r: { retriever: string }) => r.retriever)).toEqual(['hybrid', 'bm25', 'dense']);
    for (const r of figures.retrieval) {
      // Three distinct passages, each sharing rare words with its question.
      expect(r.recall[1]).toBe(1);
      expect(r.mrr).toBe(1);
    }
    // Sentence answers contain the answers but are longer: no exact match, some F1.
    expect(figures.answers.exactMatch).toBe(0);
    expect(figures.answers.f1).toBeGreaterThan(0);
    expect(figures.answers.f1).toBeLessThan(1);
    expect(figures.answers.count).toBe(3);
  });

  it('explains an empty collection, a missing store and questions whose passages are not indexed', async () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'blank.md'), '');
    const store = path.join(tmp, 'store');
    const noDocs = await runCli(['rag', 'index', empty, '--store', store]);
    expect(noDocs.code).toBe(1);
    expect(noDocs.err).toMatch(/no passages in .*empty.*nothing was written/);
    expect(fs.existsSync(store)).toBe(false);

    const missing = await runCli(['rag', 'ask', '--store', store, 'anything?']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no store at .*store.*tfzoo rag index/);

    const docs = writeDocs(path.join(tmp, 'docs'), DOCS);
    await ok(['rag', 'index', docs, '--store', store, '--dimension', '512']);
    const qa = writeQa(path.join(tmp, 'qa'));
    const unindexed = await runCli(['rag', 'eval', '--store', store, '--data', qa]);
    expect(unindexed.code).toBe(1);
    expect(unindexed.err).toMatch(/3 of 3 questions point to passages the store .* does not hold \(first: "Etna#0"\)/);
  });

  it('refuses to mix embedders in one store', async () => {
    const docs = writeDocs(path.join(tmp, 'docs'), DOCS);
    const store = path.join(tmp, 'store');
    await ok(['rag', 'index', docs, '--store', store, '--dimension', '512']);
    const before = fs.readFileSync(path.join(store, VECTOR_STORE_FILES.manifest), 'utf8');
    const other = await runCli(['rag', 'index', docs, '--store', store, '--dimension', '256']);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/dimension 256 ≠ 512/);
    expect(other.err).toMatch(/new --store/);
    expect(fs.readFileSync(path.join(store, VECTOR_STORE_FILES.manifest), 'utf8')).toBe(before);
  });

  it('reports a damaged store instead of answering from it', async () => {
    const docs = writeDocs(path.join(tmp, 'docs'), DOCS);
    const store = path.join(tmp, 'store');
    await ok(['rag', 'index', docs, '--store', store, '--dimension', '512']);
    const vectors = fs.readdirSync(store).find((f) => f.endsWith('.f32'));
    expect(vectors).toBeDefined();
    const file = path.join(store, vectors!);
    fs.truncateSync(file, fs.statSync(file).size - 8);
    const damaged = await runCli(['rag', 'ask', '--store', store, 'Where is Etna?']);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toMatch(/the store at .* is damaged: .*index the documents again/);
  });
});
