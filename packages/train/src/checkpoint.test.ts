import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { checkpointExists, loadCheckpoint, restoreWeights, saveCheckpoint } from './checkpoint';
import { layersModelTrainable, supervisedLoss } from './layersModelTrainable';
import type { ReplacePhase } from './replaceDirectory';
import { Trainer } from './Trainer';
import { denseModel, denseTrainable, maxWeightDifference, regressionSource, weightValues } from './test-helpers/regression';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-ckpt-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const tokenizer = { kind: 'char', vocabSize: 65, chars: 'abc' };

/** A trainer on a small model after `steps` updates. */
async function trained(steps: number, seed = 1) {
  const model = denseTrainable({ seed });
  const trainer = new Trainer(model, { maxSteps: 100, learningRate: 0.01 });
  const source = regressionSource(seed);
  for (let i = 0; i < steps; i++) await trainer.trainStep(() => source.next());
  return { model, trainer };
}

function crashAt(phase: ReplacePhase) {
  return {
    onPhase: (p: ReplacePhase) => {
      if (p === phase) throw new Error(`simulated crash after '${phase}'`);
    },
  };
}

describe('checkpoints', () => {
  it('round-trip step, config, weights, optimizer state, metric, tokenizer and data state', async () => {
    const { model, trainer } = await trained(2);
    const dir = path.join(root, 'ckpt');
    await trainer.saveCheckpoint(dir, { tokenizer, dataState: { position: 17 } });
    expect(fs.readdirSync(dir).sort()).toEqual(['checkpoint.json', 'model-config.json', 'optimizer.bin', 'optimizer.json', 'tokenizer.json', 'weights.bin', 'weights.json']);
    expect(fs.existsSync(`${dir}.tmp`) || fs.existsSync(`${dir}.old`)).toBe(false);

    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.step).toBe(2);
    expect(ckpt.tokenizer).toEqual(tokenizer);
    expect(ckpt.dataState).toEqual({ position: 17 });
    expect(ckpt.modelConfig).toEqual(JSON.parse(JSON.stringify(model.config())));
    expect((ckpt.trainConfig as { maxSteps: number }).maxSteps).toBe(100);
    expect(ckpt.optimizer!.state.step).toBe(2);
    expect(ckpt.optimizer!.state.tensors).toHaveLength(8);
    expect(ckpt.optimizer!.config.weightDecay).toBe(0.1);

    const other = denseTrainable({ seed: 4 });
    restoreWeights(other, ckpt, { tokenizer });
    expect(maxWeightDifference(weightValues(model), weightValues(other))).toBe(0);
    trainer.dispose();
    model.model.dispose();
    other.model.dispose();
  });

  it.each(['written', 'movedAside'] as const)('a crash after %s leaves the previous checkpoint loadable', async (phase) => {
    const { model, trainer } = await trained(1);
    const dir = path.join(root, 'ckpt');
    await trainer.saveCheckpoint(dir);
    const source = regressionSource(2);
    await trainer.trainStep(() => source.next());
    await expect(trainer.saveCheckpoint(dir, {}, crashAt(phase))).rejects.toThrow(`simulated crash after '${phase}'`);

    expect(checkpointExists(dir)).toBe(true);
    expect((await loadCheckpoint(dir)).step).toBe(1);
    if (phase === 'movedAside') expect(fs.existsSync(dir)).toBe(false); // only the .old copy is left

    // The next save recovers: new checkpoint in place, debris gone.
    await trainer.saveCheckpoint(dir);
    expect((await loadCheckpoint(dir)).step).toBe(2);
    expect(fs.existsSync(`${dir}.tmp`)).toBe(false);
    expect(fs.existsSync(`${dir}.old`)).toBe(false);
    trainer.dispose();
    model.model.dispose();
  });

  it('a crash after the rename leaves the new checkpoint, and the next save removes the old copy', async () => {
    const { model, trainer } = await trained(1);
    const dir = path.join(root, 'ckpt');
    await trainer.saveCheckpoint(dir);
    const source = regressionSource(2);
    await trainer.trainStep(() => source.next());
    await expect(trainer.saveCheckpoint(dir, {}, crashAt('renamed'))).rejects.toThrow('simulated crash');
    expect((await loadCheckpoint(dir)).step).toBe(2);
    expect(fs.existsSync(`${dir}.old`)).toBe(true);
    await trainer.saveCheckpoint(dir);
    expect(fs.existsSync(`${dir}.old`)).toBe(false);
    trainer.dispose();
    model.model.dispose();
  });

  it('names the weight and both shapes when the architecture differs, and leaves the model untouched', async () => {
    const { model, trainer } = await trained(1);
    const dir = path.join(root, 'ckpt');
    await trainer.saveCheckpoint(dir);
    const wide = denseTrainable({ hidden: 12 });
    const before = weightValues(wide);
    const ckpt = await loadCheckpoint(dir);
    expect(() => restoreWeights(wide, ckpt, { source: dir })).toThrow(
      `cannot load weights from ${dir}: weight 'hidden/kernel' has shape [4,8], expected [4,12]; weight 'hidden/bias' has shape [8], expected [12]; weight 'out/kernel' has shape [8,2], expected [12,2]`,
    );
    expect(maxWeightDifference(before, weightValues(wide))).toBe(0);
    trainer.dispose();
    model.model.dispose();
    wide.model.dispose();
  });

  it('reports a vocabulary mismatch with both sizes', async () => {
    const dir = path.join(root, 'ckpt');
    const withVocab = (vocabSize: number) =>
      layersModelTrainable(denseModel(), supervisedLoss(tf.losses.meanSquaredError), { config: { vocabSize, hidden: 8 } });
    const model = withVocab(65);
    const trainer = new Trainer(model, { maxSteps: 10 });
    await trainer.saveCheckpoint(dir, { tokenizer });
    const ckpt = await loadCheckpoint(dir);
    expect(() => restoreWeights(model, ckpt, { tokenizer: { kind: 'char', vocabSize: 70 }, source: 'ckpt' })).toThrow(
      'vocabulary mismatch: ckpt was trained with a tokenizer of vocabSize 65, but the given tokenizer has vocabSize 70',
    );
    const bigger = withVocab(80);
    expect(() => restoreWeights(bigger, ckpt, { source: 'ckpt' })).toThrow(
      'vocabulary mismatch: ckpt holds a model with vocabSize 65, but the model has vocabSize 80',
    );
    trainer.dispose();
    model.model.dispose();
    bigger.model.dispose();
  });

  it('says where it looked when there is no checkpoint, and rejects unknown formats', async () => {
    const dir = path.join(root, 'missing');
    await expect(loadCheckpoint(dir)).rejects.toThrow(`no checkpoint at '${dir}': expected a folder with checkpoint.json (also looked in '${dir}.old')`);
    const bad = path.join(root, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'checkpoint.json'), JSON.stringify({ format: 'pytorch', version: 3 }));
    await expect(loadCheckpoint(bad)).rejects.toThrow('expected format tfzoo-checkpoint version 1, got "pytorch" version 3');
  });

  it('saves a weights-only checkpoint that restoreWeights loads', async () => {
    const { model, trainer } = await trained(1);
    const ckpt = await trainer.checkpoint();
    const dir = path.join(root, 'weights-only');
    await saveCheckpoint(dir, { ...ckpt, optimizer: null });
    expect(fs.existsSync(path.join(dir, 'optimizer.json'))).toBe(false);
    const loaded = await loadCheckpoint(dir);
    expect(loaded.optimizer).toBeNull();
    const freshModel = denseTrainable({ seed: 3 });
    const fresh = new Trainer(freshModel, { maxSteps: 10 });
    expect(() => fresh.restore(loaded, { source: dir })).toThrow(`cannot resume from ${dir}: it holds no optimizer state`);
    trainer.dispose();
    model.model.dispose();
    fresh.dispose();
    freshModel.model.dispose();
  });
});
