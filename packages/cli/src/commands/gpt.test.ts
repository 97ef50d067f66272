import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli as run } from '../test-helpers/runCli';

const TEXT = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(30);
const TINY = ['--backend', 'wasm', '--preset', 'nano', '--block-size', '16', '--n-embd', '16', '--n-layer', '1', '--batch-size', '4'];

let root: string;
let data: string;
let out: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-cli-gpt-'));
  data = path.join(root, 'cats.txt');
  fs.writeFileSync(data, TEXT);
  out = path.join(root, 'run');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('gpt train on a file trains, prints samples and saves the model; generate and eval use it', async () => {
  const train = await run(['gpt', 'train', '--data', data, '--out', out, '--max-steps', '6', '--samples', '2', '--sample-tokens', '10', '--prompt', 'the ', ...TINY]);
  expect(train.err).not.toContain('tfzoo:');
  expect(train.code).toBe(0);
  expect(train.out).toContain(`data: ${data}, 1,440 characters, first 90 % train, last 10 % validation; char tokenizer`);
  expect(train.out).toMatch(/--- sample 1 \(seed 1337\) ---\nthe /);
  expect(train.out).toMatch(/--- sample 2 \(seed 1338\) ---\nthe /);
  expect(train.out).toContain(`saved the model to ${path.join(out, 'model')}`);
  expect(fs.existsSync(path.join(out, 'model', 'gpt.json'))).toBe(true);
  expect(fs.existsSync(path.join(out, 'metrics.jsonl'))).toBe(true);

  const generate = (extra: string[]) => run(['gpt', 'generate', '--model', out, '--prompt', 'the c', '--max-new-tokens', '12', '--backend', 'wasm', ...extra]);
  const first = await generate(['--seed', '5']);
  expect(first.code).toBe(0);
  expect(first.out.startsWith('the c')).toBe(true);
  expect(first.err).toMatch(/\(\d+ tokens in [\d.]+ s, [\d.]+ tokens\/s; stopped: (maxNewTokens|eos)\)/);
  expect((await generate(['--seed', '5'])).out).toBe(first.out);
  expect((await generate(['--seed', '5', '--no-cache'])).out).toBe(first.out);
  expect((await generate(['--greedy', '--stop', 'xyz'])).code).toBe(0);
  const unknown = await run(['gpt', 'generate', '--model', out, '--prompt', 'ROMEO:', '--backend', 'wasm']);
  expect(unknown.code).toBe(1);
  expect(unknown.err).toContain('tfzoo: the prompt has characters the tokenizer never saw: "R" (at 0), "O" (at 1), "M" (at 2), "E" (at 3), ":" (at 5)');

  const evaluated = await run(['gpt', 'eval', '--model', out, '--data', data, '--last', '0.1', '--json', '--backend', 'wasm']);
  expect(evaluated.code).toBe(0);
  const score = JSON.parse(evaluated.out);
  expect(score.tokens).toBe(143);
  expect(score.perplexity).toBeCloseTo(Math.exp(score.loss), 5);
});

test('bad input gets a one-line reason and exit code 1', async () => {
  const expectError = async (args: string[], message: string) => {
    const { code, err } = await run(args);
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err).not.toContain('    at ');
  };
  await expectError(['gpt', 'train', '--data', path.join(root, 'missing.txt'), ...TINY], 'missing.txt: no such file');
  const empty = path.join(root, 'empty.txt');
  fs.writeFileSync(empty, '');
  await expectError(['gpt', 'train', '--data', empty, ...TINY], 'empty.txt: file is empty');
  const blank = path.join(root, 'blank.txt');
  fs.writeFileSync(blank, ' \n\n  \n');
  await expectError(['gpt', 'train', '--data', blank, ...TINY], 'blank.txt: file has only whitespace');
  const small = path.join(root, 'small.txt');
  fs.writeFileSync(small, 'the cat sat.');
  await expectError(['gpt', 'train', '--data', small, ...TINY], 'the corpus is too small for a context of 16 tokens');
  await expectError(['gpt', 'generate', '--model', path.join(root, 'no-model'), '--prompt', 'the'], `no GPT model at '${path.join(root, 'no-model')}': the folder does not exist`);
  await expectError(['gpt', 'generate', '--model', root, '--prompt', 'the'], `'${root}' is not a GPT model folder`);
  await expectError(['gpt', 'train', '--data', data, '--corpus', 'brown', '--max-steps', '1', ...TINY], 'give --data FILE or --corpus brown, not both');
  expect(fs.existsSync(path.join('runs', 'gpt-cats'))).toBe(false); // refused before training
});

test('gpt --help lists the commands; each has its own help', async () => {
  const help = await run(['gpt', '--help']);
  expect(help.out).toMatch(/gpt train\s+Train a GPT/);
  expect(help.out).toMatch(/gpt generate\s+Continue a prompt/);
  expect(help.out).toMatch(/gpt eval\s+Measure/);
  const trainHelp = await run(['gpt', 'train', '--help']);
  expect(trainHelp.out.replace(/\s+/g, ' ')).toContain('Without --data it trains on the Brown corpus');
  expect(trainHelp.out).toContain('--max-steps');
});
