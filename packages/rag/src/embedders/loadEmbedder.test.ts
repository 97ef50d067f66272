import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '@tfzoo/core';
import { BertEmbedder } from './BertEmbedder';
import { createBertEmbedder } from './createBertEmbedder';
import { EMBEDDER_FILE } from './embedderFile';
import { HashingEmbedder } from './HashingEmbedder';
import { loadEmbedder } from './loadEmbedder';

beforeAll(() => initBackend('cpu', { log: null }));

describe('loadEmbedder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-embedder-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads each kind from its folder, and a plain BERT classifier folder as an encoder', async () => {
    const texts = ['alpha beta gamma', 'beta gamma delta', 'gamma delta epsilon'];
    const hashing = HashingEmbedder.fit(texts, { dimension: 32 });
    await hashing.save(path.join(dir, 'hashing'));
    const bert = createBertEmbedder(texts, { vocabSize: 280, model: { maxLength: 16, hiddenSize: 8, numLayers: 1, numHeads: 2, intermediateSize: 16 } });
    await bert.save(path.join(dir, 'bert'));
    await bert.classifier.save(path.join(dir, 'classifier'));

    const h = await loadEmbedder(path.join(dir, 'hashing'));
    expect(h).toBeInstanceOf(HashingEmbedder);
    expect(h.info).toEqual(hashing.info);
    for (const name of ['bert', 'classifier']) {
      const b = await loadEmbedder(path.join(dir, name));
      expect(b).toBeInstanceOf(BertEmbedder);
      expect(b.info).toEqual(bert.info);
      b.dispose!();
    }
    bert.dispose();
  });

  it('says what is missing or unknown', async () => {
    await expect(loadEmbedder(path.join(dir, 'nowhere'))).rejects.toThrow("no embedder at '");
    fs.mkdirSync(path.join(dir, 'empty'));
    await expect(loadEmbedder(path.join(dir, 'empty'))).rejects.toThrow(`expected ${EMBEDDER_FILE} (or a BERT classifier's model-config.json)`);
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'other', EMBEDDER_FILE), JSON.stringify({ format: 'tfzoo-rag-embedder', version: 1, info: { kind: 'openai', dimension: 3, fingerprint: 'x' }, settings: {} }));
    await expect(loadEmbedder(path.join(dir, 'other'))).rejects.toThrow("holds a 'openai' embedder; this package loads 'hashing' and 'bert-encoder'");
  });
});
