import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../test-helpers/runCli';

/** The CLI's output without the final newline, so `^…$` patterns match a single line. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(args);
  return { code: r.code, out: r.out.replace(/\n$/, ''), err: r.err.replace(/\n$/, '') };
}

/** Toy sentiment: "good" words make a text positive. */
function toyRows(count: number, seed: number): string[] {
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const good = ['great', 'lovely', 'superb'];
  const bad = ['awful', 'dull', 'boring'];
  const filler = ['the', 'film', 'was', 'and', 'plot', 'acting', 'a', 'very'];
  return Array.from({ length: count }, () => {
    const label = next() < 0.5 ? 1 : 0;
    const words = Array.from({ length: 3 + Math.floor(next() * 5) }, () => filler[Math.floor(next() * filler.length)]);
    words.splice(Math.floor(next() * words.length), 0, (label ? good : bad)[Math.floor(next() * 3)]);
    return `${words.join(' ')}\t${label}`;
  });
}

const SMALL = ['--hidden', '16', '--layers', '1', '--heads', '2', '--ff', '32', '--max-length', '16', '--min-frequency', '1', '--backend', 'wasm'];

describe('tfzoo bert', () => {
  let dir: string;
  const file = (name: string, lines: string[]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, lines.join('\n') + '\n');
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-cli-bert-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains, saves, evaluates and predicts', async () => {
    const train = file('train.tsv', ['text\tlabel', ...toyRows(300, 1)]);
    const test = file('test.tsv', ['text\tlabel', ...toyRows(100, 2)]);
    const model = path.join(dir, 'model');
    const trained = await run(['bert', 'train', '--data', train, '--out', model, '--epochs', '8', '--lr', '0.005', '--patience', '8', ...SMALL]);
    expect(trained.err).not.toContain('tfzoo:');
    expect(trained.code).toBe(0);
    expect(trained.out).toContain('validation (30 examples):');
    expect(trained.out).toContain(`saved to ${model}`);

    const evaluated = await run(['bert', 'eval', '--model', model, '--data', test, '--json', '--backend', 'wasm']);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.out);
    expect(report.count).toBe(100);
    expect(report.accuracy).toBeGreaterThan(0.9);

    const predicted = await run(['bert', 'predict', '--model', model, '--json', '--backend', 'wasm', 'the film was superb', 'a very dull plot']);
    expect(predicted.code).toBe(0);
    const rows = predicted.out.split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.label)).toEqual(['1', '0']);
    expect(rows[0].probabilities['1']).toBeGreaterThan(0.5);
    const plain = await run(['bert', 'predict', '--model', model, '--backend', 'wasm', 'lovely acting']);
    expect(plain.out).toMatch(/^1\tP\(1\) 0\.\d{4}\tlovely acting$/);
  });

  it('reads named classes and evaluates with them', async () => {
    const rows = toyRows(120, 3).map((r) => r.replace(/\t1$/, '\tpos').replace(/\t0$/, '\tneg'));
    const train = file('named.tsv', ['label\ttext', ...rows.map((r) => r.split('\t').reverse().join('\t'))]);
    const model = path.join(dir, 'named-model');
    const trained = await run(['bert', 'train', '--data', train, '--labels', 'neg,pos', '--out', model, '--epochs', '1', ...SMALL]);
    expect(trained.err).not.toContain('tfzoo:');
    expect(trained.out).toMatch(/neg\s+\d+\s+\d+/);
    const predicted = await run(['bert', 'predict', '--model', model, '--json', '--backend', 'wasm', 'superb']);
    expect(Object.keys(JSON.parse(predicted.out).probabilities)).toEqual(['neg', 'pos']);
  });

  it('names a missing label column, a label that is not a class, and an empty file', async () => {
    const out = path.join(dir, 'never');
    const noLabel = file('nolabel.tsv', ['text\tscore', 'good film\t1']);
    let r = await run(['bert', 'train', '--data', noLabel, '--out', out, ...SMALL]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`tfzoo: ${noLabel}:1: no column named "label"; the header has "text", "score"`);

    const three = file('three.tsv', ['text\tlabel', 'good\t1', 'bad\t0', 'meh\t2']);
    r = await run(['bert', 'train', '--data', three, '--out', out, ...SMALL]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`tfzoo: ${three}:4: column "label": expected a label in ["0", "1"], got "2"`);

    r = await run(['bert', 'train', '--data', three, '--labels', 'neg,pos', '--out', out, ...SMALL]);
    expect(r.err).toContain(`tfzoo: ${three}:2: column "label": expected a label in ["neg", "pos"], got "1"`);

    const empty = file('empty.tsv', []);
    fs.writeFileSync(empty, '');
    r = await run(['bert', 'train', '--data', empty, '--out', out, ...SMALL]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tfzoo: .*empty\.tsv: .*empty/);
    expect(fs.existsSync(out)).toBe(false);

    r = await run(['bert', 'eval', '--model', path.join(dir, 'missing-model'), '--data', three, '--backend', 'cpu']);
    expect(r.err).toContain("no BERT classifier at");
    r = await run(['bert', 'predict', '--model', path.join(dir, 'model')]);
    expect(r.err).toContain('nothing to classify: give texts as arguments or --file');
  });

  it('shows help for bert and its commands', async () => {
    const top = await run(['bert', '--help']);
    expect(top.out).toContain('tfzoo bert train');
    expect(top.out).toContain('tfzoo bert predict [texts..]');
    const train = await run(['bert', 'train', '--help']);
    expect(train.out).toContain('--pretrain-epochs');
    expect(train.out).toContain('--labels');
    const missing = await run(['bert']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Name a bert command');
  });
});
