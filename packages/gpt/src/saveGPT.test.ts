import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { cycleBatches, saveCheckpoint, Trainer } from '@tfzoo/train';
import { GPT_FILES } from './gptFolderFormat';
import type { LanguageModelBatch } from './languageModelTrainable';
import { loadGPT, readGPTIndex } from './loadGPT';
import { ARCHITECTURES, maxAbsDiff, tinyGPT } from './test-helpers/tinyGPT';
import type { GPT } from './GPT';

let root: string;
beforeAll(async () => {
  await initBackend('cpu', { log: null });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-gpt-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const IDS = [[7, 8, 9, 10, 11, 12, 13, 14]];

/** A model whose weights differ from a fresh one's: one training step moves every weight. */
async function trainedGPT(overrides = {}): Promise<GPT> {
  const gpt = tinyGPT(overrides);
  const batch: LanguageModelBatch = { x: { data: Int32Array.from([7, 8, 9, 10]), shape: [1, 4] }, y: { data: Int32Array.from([8, 9, 10, 11]), shape: [1, 4] } };
  const trainer = new Trainer(gpt.trainable(), { maxSteps: 1, learningRate: 0.05 });
  await trainer.fit({ train: cycleBatches([batch]), progress: false, interrupt: { enabled: false } });
  trainer.dispose();
  return gpt;
}

test.each(ARCHITECTURES)('save → loadGPT gives identical logits and the same tokenizer (%s)', async (_name, overrides) => {
  const gpt = await trainedGPT(overrides);
  const dir = path.join(root, `model-${overrides.tieEmbeddings ? 'tied' : 'untied'}`);
  await gpt.save(dir, { metadata: { steps: 1 } });
  expect(fs.readdirSync(dir).sort()).toEqual(expect.arrayContaining([GPT_FILES.index, GPT_FILES.model, GPT_FILES.tokenizer]));
  const index = await readGPTIndex(dir);
  expect(index).toMatchObject({ format: 'tfzoo-gpt', version: 1, config: gpt.config, parameters: gpt.countParams(), metadata: { steps: 1 } });

  const loaded = await loadGPT(dir);
  expect(loaded.config).toEqual(gpt.config);
  expect(loaded.tokenizer.toJSON()).toEqual(gpt.tokenizer.toJSON());
  const [a, b] = [gpt.logits(IDS), loaded.logits(IDS)];
  expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
  // …and a fresh model really is different, so the check can fail.
  const fresh = tinyGPT(overrides);
  const c = fresh.logits(IDS);
  expect(maxAbsDiff(a.dataSync(), c.dataSync())).toBeGreaterThan(1e-3);
  tf.dispose([a, b, c]);
  [gpt, loaded, fresh].forEach((g) => g.dispose());
});

test('an untied model also loads with plain tf.loadLayersModel', async () => {
  const gpt = await trainedGPT();
  const dir = path.join(root, 'plain');
  await gpt.save(dir);
  const model = await tf.loadLayersModel(`file://${path.resolve(dir)}/model.json`);
  const [a, b] = [gpt.logits(IDS), model.predict(tf.tensor2d(IDS, undefined, 'int32')) as tf.Tensor];
  expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
  tf.dispose([a, b]);
  model.dispose();
  gpt.dispose();
});

test('saving again replaces the folder; a run folder (model/ or its checkpoint) and a checkpoint folder load too', async () => {
  const gpt = await trainedGPT({ positional: 'learned', norm: 'pre' });
  const run = path.join(root, 'run');
  await gpt.save(path.join(run, 'model'));
  await gpt.save(path.join(run, 'model'));
  expect(fs.readdirSync(path.join(run, 'model')).filter((f) => f.endsWith('.bin')).length).toBe(1);
  const fromRun = await loadGPT(run);

  const trainer = new Trainer(gpt.trainable(), { maxSteps: 1, learningRate: 0.01 });
  await trainer.saveCheckpoint(path.join(run, 'checkpoint'), { tokenizer: gpt.tokenizer });
  trainer.dispose();
  const fromCheckpoint = await loadGPT(path.join(run, 'checkpoint'));
  fs.rmSync(path.join(run, 'model'), { recursive: true });
  const fromRunCheckpoint = await loadGPT(run); // no model/ yet: the run's checkpoint
  const models = [gpt, fromRun, fromCheckpoint, fromRunCheckpoint];
  const logits = models.map((g) => g.logits(IDS).dataSync());
  for (const other of logits.slice(1)) expect(maxAbsDiff(logits[0], other)).toBe(0);
  models.forEach((g) => g.dispose());
});

describe('loadGPT errors', () => {
  let good: string;
  beforeAll(async () => {
    const gpt = tinyGPT();
    good = path.join(root, 'good');
    await gpt.save(good);
    gpt.dispose();
  });

  /** A copy of the good folder, changed by `edit`. */
  function variant(name: string, edit: (dir: string) => void): string {
    const dir = path.join(root, name);
    fs.cpSync(good, dir, { recursive: true });
    edit(dir);
    return dir;
  }

  test('a missing folder, an empty one, a file', async () => {
    await expect(loadGPT(path.join(root, 'nope'))).rejects.toThrow(`no GPT model at '${path.join(root, 'nope')}': the folder does not exist`);
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    await expect(loadGPT(empty)).rejects.toThrow(`'${empty}' is not a GPT model folder: expected gpt.json (a folder saved by gpt.save / saveGPT), a run folder with model/gpt.json, or a training checkpoint; it is empty`);
    await expect(loadGPT(path.join(good, GPT_FILES.tokenizer))).rejects.toThrow(`expected a GPT model folder, got the file`);
  });

  test('a folder of another model type names what it holds', async () => {
    const bert = path.join(root, 'bert');
    fs.mkdirSync(bert);
    fs.writeFileSync(path.join(bert, 'bert.json'), JSON.stringify({ format: 'tfzoo-bert', version: 1 }));
    fs.writeFileSync(path.join(bert, 'model.json'), '{}');
    await expect(loadGPT(bert)).rejects.toThrow(`'${bert}' holds a bert model (bert.json says format "tfzoo-bert"), not a GPT`);
    const plain = variant('plain-tfjs', (d) => fs.rmSync(path.join(d, GPT_FILES.index)));
    await expect(loadGPT(plain)).rejects.toThrow('holds a tfjs model.json but no gpt.json');
    const wrongFormat = variant('wrong-format', (d) => fs.writeFileSync(path.join(d, GPT_FILES.index), JSON.stringify({ format: 'tfzoo-bert' })));
    await expect(loadGPT(wrongFormat)).rejects.toThrow('gpt.json is not a tfzoo GPT index: expected "format": "tfzoo-gpt", got "tfzoo-bert"');
  });

  test('a checkpoint of another model names its architecture', async () => {
    const dir = path.join(root, 'bert-checkpoint');
    const progress = { tokensSeen: 0, elapsedSeconds: 0 };
    await saveCheckpoint(dir, { step: 1, modelConfig: { architecture: 'bert', vocabSize: 30 }, weights: [], optimizer: null, metric: null, progress, trainConfig: {}, tokenizer: null });
    await expect(loadGPT(dir)).rejects.toThrow(`'${dir}' is a training checkpoint of a 'bert' model, not a GPT`);
  });

  test('corrupt files are reported by name', async () => {
    const badJson = variant('bad-json', (d) => fs.writeFileSync(path.join(d, GPT_FILES.index), '{"format": '));
    await expect(loadGPT(badJson)).rejects.toThrow(`cannot read ${path.join(badJson, 'gpt.json')}`);
    const truncated = variant('truncated', (d) => {
      const bin = fs.readdirSync(d).find((f) => f.endsWith('.bin'))!;
      const bytes = fs.readFileSync(path.join(d, bin));
      fs.writeFileSync(path.join(d, bin), bytes.subarray(0, bytes.length - 100));
    });
    await expect(loadGPT(truncated)).rejects.toThrow(/the weights of '.*truncated' are corrupt: model.json describes \d+ bytes of weights, the weights file holds \d+/);
    const badConfig = variant('bad-config', (d) => {
      const index = JSON.parse(fs.readFileSync(path.join(d, GPT_FILES.index), 'utf8'));
      index.config.nHead = 5;
      fs.writeFileSync(path.join(d, GPT_FILES.index), JSON.stringify(index));
    });
    await expect(loadGPT(badConfig)).rejects.toThrow('is not divisible by nHead 5');
  });

  test('a tokenizer or weights that do not fit the config', async () => {
    const bigger = variant('vocab', (d) => {
      const index = JSON.parse(fs.readFileSync(path.join(d, GPT_FILES.index), 'utf8'));
      index.config.vocabSize += 1;
      fs.writeFileSync(path.join(d, GPT_FILES.index), JSON.stringify(index));
    });
    await expect(loadGPT(bigger)).rejects.toThrow(/tokenizer vocabulary has \d+ ids \(char\), but the model in '.*vocab'.* expects \d+/);
    const deeper = variant('deeper', (d) => {
      const index = JSON.parse(fs.readFileSync(path.join(d, GPT_FILES.index), 'utf8'));
      index.config.nLayer = 3;
      fs.writeFileSync(path.join(d, GPT_FILES.index), JSON.stringify(index));
    });
    await expect(loadGPT(deeper)).rejects.toThrow("weight 'decoder_2/self_attention/query_key_value/kernel' (shape [16,48]) is missing");
  });
});
