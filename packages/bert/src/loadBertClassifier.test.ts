import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '@tfzoo/core';
import { loadBertClassifier } from './loadBertClassifier';
import { toyClassifier } from './test-helpers/toyTask';

beforeAll(() => initBackend('cpu', { log: null }));

describe('loadBertClassifier', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-bert-load-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says what is missing or wrong in a folder', async () => {
    await expect(loadBertClassifier(path.join(dir, 'nope'))).rejects.toThrow(`no BERT classifier at '${path.join(dir, 'nope')}': the folder does not exist`);
    await expect(loadBertClassifier(dir)).rejects.toThrow('expected model-config.json');

    const clf = toyClassifier();
    const saved = path.join(dir, 'model');
    await clf.save(saved);
    const configFile = path.join(saved, 'model-config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));

    fs.writeFileSync(configFile, JSON.stringify({ ...config, format: 'tfzoo-gpt' }));
    await expect(loadBertClassifier(saved)).rejects.toThrow(`does not describe a BERT classifier: expected format 'tfzoo-bert-classifier', got "tfzoo-gpt"`);
    fs.writeFileSync(configFile, JSON.stringify({ ...config, hiddenSize: 32 }));
    await expect(loadBertClassifier(saved)).rejects.toThrow("weight 'embeddings/token_embedding/embeddings' has shape [27,16], expected [27,32]");
    fs.writeFileSync(configFile, JSON.stringify({ ...config, vocabSize: 30 }));
    await expect(loadBertClassifier(saved)).rejects.toThrow('tokenizer vocabulary has 27 ids');
    fs.writeFileSync(configFile, '{ not json');
    await expect(loadBertClassifier(saved)).rejects.toThrow('is not valid JSON');
    fs.writeFileSync(configFile, JSON.stringify(config));
    fs.rmSync(path.join(saved, 'tokenizer.json'));
    await expect(loadBertClassifier(saved)).rejects.toThrow('holds no tokenizer.json');
    clf.dispose();
  });
});
