import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../test-helpers/runCli';

// A toy language pair: number words to their French names, in short random sentences.
const EN = ['one', 'two', 'three', 'four', 'five', 'six'];
const FR = ['un', 'deux', 'trois', 'quatre', 'cinq', 'six'];
function toyPairs(count: number, seed: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(next() * 3);
    const words = Array.from({ length: n }, () => Math.floor(next() * EN.length));
    lines.push(`${words.map((w) => EN[w]).join(' ')}.\t${words.map((w) => FR[w]).join(' ')}\u202f.`);
  }
  return lines.join('\n') + '\n';
}

const TINY = ['--backend', 'wasm', '--preset', 'tiny', '--source-vocab', '280', '--target-vocab', '280', '--max-length', '12', '--batch-size', '16', '--warmup', '5', '--lr', '0.005'];

let root: string;
let train: string;
let dev: string;
let out: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-cli-translate-'));
  train = path.join(root, 'train.tsv');
  dev = path.join(root, 'dev.tsv');
  fs.writeFileSync(train, toyPairs(400, 1));
  fs.writeFileSync(dev, toyPairs(20, 2));
  out = path.join(root, 'run');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('translate train saves a translator and scores the dev file; translate and eval use it', async () => {
  const trained = await runCli(['translate', 'train', '--data', train, '--dev', dev, '--out', out, '--max-steps', '40', '--eval-every', '20', '--val-pairs', '40', '--beam', '2', ...TINY]);
  expect(trained.err).not.toContain('tfzoo:');
  expect(trained.code).toBe(0);
  expect(trained.out).toContain(`data: ${train}: 360 training pairs, 40 held out for validation`);
  expect(trained.out).toMatch(/trained 40 steps \(maxSteps\)/);
  expect(trained.out).toMatch(/\(\d+ sources\), greedy: BLEU = [\d.]+ /);
  expect(trained.out).toMatch(/\(\d+ sources\), beam 2: BLEU = [\d.]+ .*chrF2 = [\d.]+/);
  expect(fs.existsSync(path.join(out, 'model', 'translator.json'))).toBe(true);
  const scores = JSON.parse(fs.readFileSync(path.join(out, 'scores.json'), 'utf8'));
  expect(Object.keys(scores.scores)).toEqual(['greedy', 'beam 2']);

  const svg = path.join(root, 'attention.svg');
  const translated = await runCli(['translate', '--model', out, 'one two.', 'three.', '--beam', '2', '--attention', svg, '--backend', 'wasm']);
  expect(translated.err).not.toContain('tfzoo:');
  expect(translated.code).toBe(0);
  expect(translated.out.trimEnd().split('\n')).toHaveLength(2);
  expect(fs.readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  // Greedy through the CLI equals beam width 1.
  const greedy = await runCli(['translate', '--model', out, 'one two.', '--beam', '1', '--backend', 'wasm']);
  const beam1 = await runCli(['translate', '--model', path.join(out, 'model'), 'one two.', '--beam', '1', '--backend', 'wasm']);
  expect(beam1.out).toBe(greedy.out);

  const evaluated = await runCli(['translate', 'eval', '--model', out, '--data', dev, '--beam', '1', '--backend', 'wasm', '--output', path.join(root, 'hyp.txt')]);
  expect(evaluated.code).toBe(0);
  expect(evaluated.out).toMatch(/dev.tsv \(\d+ sources\), greedy: BLEU = /);
  expect(fs.readFileSync(path.join(root, 'hyp.txt'), 'utf8').trimEnd().split('\n').length).toBeGreaterThan(1);

  // A sentence longer than the model reads: an error naming it, or a warning with --truncate.
  const long = Array.from({ length: 30 }, () => 'one').join(' ');
  const refused = await runCli(['translate', '--model', out, long, '--backend', 'wasm']);
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/sentence 1 has \d+ tokens, but this model reads at most 12: shorten it, or pass --truncate/);
  const cut = await runCli(['translate', '--model', out, long, '--truncate', '--backend', 'wasm']);
  expect(cut.code).toBe(0);
  expect(cut.err).toMatch(/warning: sentence 1 has \d+ tokens; the model reads at most 12/);
}, 120_000);

test('clear errors: malformed pairs file, missing model, a folder of another model type', async () => {
  const bad = path.join(root, 'bad.tsv');
  fs.writeFileSync(bad, 'one.\tun.\ntwo. deux.\n');
  const malformed = await runCli(['translate', 'train', '--data', bad, '--out', path.join(root, 'x'), ...TINY]);
  expect(malformed.code).toBe(1);
  expect(malformed.err).toContain(`${bad}:2: expected 2 columns, got 1`);

  const noModel = await runCli(['translate', 'I am hungry.']);
  expect(noModel.code).toBe(1);
  expect(noModel.err).toContain('give --model DIR');

  const other = path.join(root, 'not-a-translator');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'gpt.json'), '{"format":"tfzoo-gpt"}');
  const wrong = await runCli(['translate', '--model', other, 'I am hungry.', '--backend', 'wasm']);
  expect(wrong.code).toBe(1);
  expect(wrong.err).toMatch(/not a translator/);
});
