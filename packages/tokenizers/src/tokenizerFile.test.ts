import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BpeTokenizer } from './BpeTokenizer';
import { CharTokenizer } from './CharTokenizer';
import { WordTokenizer } from './WordTokenizer';
import { loadTokenizer, saveTokenizer } from './tokenizerFile';

describe('saveTokenizer / loadTokenizer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tfzoo-tokenizers-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const text = 'To be, or not to be: that is the question. Été 👋🏽\u202F!';

  test('round-trips every kind, into a folder it creates, leaving no temporary files', async () => {
    for (const tok of [
      CharTokenizer.fromTexts(text),
      WordTokenizer.fromTexts(text, { lowercase: true }),
      BpeTokenizer.train(text, { vocabSize: 280, minFrequency: 1 }),
    ]) {
      const file = path.join(dir, 'nested', `${tok.kind}.json`);
      await saveTokenizer(file, tok);
      const back = await loadTokenizer(file);
      expect(back.kind).toBe(tok.kind);
      expect(back.encode(text)).toEqual(tok.encode(text));
      expect(back.decode(back.encode(text))).toBe(tok.decode(tok.encode(text)));
    }
    expect((await fs.readdir(path.join(dir, 'nested'))).sort()).toEqual(['bpe.json', 'char.json', 'word.json']);
  });

  test('overwrites an existing file; BPE merges are one pair per line', async () => {
    const file = path.join(dir, 'tok.json');
    await fs.writeFile(file, 'old');
    const bpe = BpeTokenizer.train(text, { vocabSize: 270, minFrequency: 1 });
    await saveTokenizer(file, bpe);
    const written = await fs.readFile(file, 'utf8');
    expect(JSON.parse(written)).toEqual(bpe.toJSON());
    const [a, b] = bpe.merges[0];
    expect(written).toContain(`[${a}, ${b}]`);
  });

  test('missing file', async () => {
    const file = path.join(dir, 'nope.json');
    await expect(loadTokenizer(file)).rejects.toThrow(`tokenizer file not found: ${file}`);
  });

  test('bad JSON', async () => {
    const file = path.join(dir, 'bad.json');
    await fs.writeFile(file, '{"kind": "char", ');
    await expect(loadTokenizer(file)).rejects.toThrow(`tokenizer file ${file} is not valid JSON:`);
  });

  test('unknown kind', async () => {
    const file = path.join(dir, 'odd.json');
    await fs.writeFile(file, JSON.stringify({ kind: 'unigram', vocabSize: 5 }));
    await expect(loadTokenizer(file)).rejects.toThrow(`tokenizer file ${file}: unknown tokenizer kind "unigram"`);
  });

  test('expectedVocabSize: a tokenizer that does not fit the model is an error naming both sizes', async () => {
    const file = path.join(dir, 'char.json');
    const tok = CharTokenizer.fromTexts('abc');
    await saveTokenizer(file, tok);
    await expect(loadTokenizer(file, { expectedVocabSize: 10 })).resolves.toBeInstanceOf(CharTokenizer);
    await expect(loadTokenizer(file, { expectedVocabSize: 65, expectedBy: "model 'gpt-mini'" })).rejects.toThrow(
      `tokenizer vocabulary has 10 ids (char), but model 'gpt-mini' (tokenizer from ${file}) expects 65`,
    );
  });
});
