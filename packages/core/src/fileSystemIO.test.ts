import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileSystem, registerFileSystemRouter } from './fileSystemIO';
import { initBackend } from './initBackend';

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu', name: 'hidden' }));
  model.add(tf.layers.dense({ units: 2, name: 'out' }));
  return model;
}

let dir: string;
beforeAll(async () => {
  await initBackend('cpu', { log: null });
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-io-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("model.save('file://…') and tf.loadLayersModel round-trip with identical outputs", async () => {
  registerFileSystemRouter();
  const model = tinyModel();
  const x = tf.tensor2d([[1, -2, 3], [0.5, 0.25, -1]]);
  const target = path.join(dir, 'nested', 'model');
  await model.save(`file://${target}`);
  const files = fs.readdirSync(target).sort();
  expect(files).toHaveLength(2);
  expect(files[0]).toBe('model.json');
  expect(files[1]).toMatch(/^weights\.[0-9a-f]{8}\.bin$/);
  const loaded = await tf.loadLayersModel(`file://${target}/model.json`);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([x, a, b]);
  model.dispose();
  loaded.dispose();
});

test('saving again replaces the weights file, keeps other files, and removes the old weights', async () => {
  const model = tinyModel();
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), '{}');
  await model.save(fileSystem(dir));
  const first = fs.readdirSync(dir).find((f) => f.endsWith('.bin'));
  await model.save(fileSystem(dir));
  const files = fs.readdirSync(dir);
  expect(files).toContain('tokenizer.json');
  expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1);
  expect(files).not.toContain(first);
  expect(files.some((f) => f.includes('.tmp-'))).toBe(false);
  model.dispose();
});

test('a crash after writing the new weights leaves the previous model loadable', async () => {
  const model = tinyModel();
  await model.save(fileSystem(dir));
  const before = (await tf.loadLayersModel(fileSystem(dir))).getWeights().map((w) => Array.from(w.dataSync()));
  // Simulate a crash between the two writes: a new weights file appears, model.json is untouched.
  fs.writeFileSync(path.join(dir, 'weights.deadbeef.bin'), Buffer.alloc(7));
  const after = (await tf.loadLayersModel(fileSystem(dir))).getWeights().map((w) => Array.from(w.dataSync()));
  expect(after).toEqual(before);
  model.dispose();
});

test('loading names the missing or broken file', async () => {
  await expect(tf.loadLayersModel(fileSystem(path.join(dir, 'nope')))).rejects.toThrow(
    `no saved model at ${path.join(dir, 'nope')}: ${path.join(dir, 'nope', 'model.json')} does not exist`,
  );
  fs.writeFileSync(path.join(dir, 'model.json'), '{ not json');
  await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(/model\.json is not valid JSON/);
  fs.writeFileSync(path.join(dir, 'model.json'), '{"format": "layers-model"}');
  await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(/expected "modelTopology" and "weightsManifest"/);
  const model = tinyModel();
  await model.save(fileSystem(dir));
  const weights = fs.readdirSync(dir).find((f) => f.endsWith('.bin'))!;
  fs.rmSync(path.join(dir, weights));
  await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(`cannot read weights file ${path.join(dir, weights)}`);
  model.dispose();
});
