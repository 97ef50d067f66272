import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { layersModelTrainable, supervisedLoss } from './layersModelTrainable';
import { loadWeights, saveWeights } from './modelWeights';
import { denseTrainable, maxWeightDifference, weightValues } from './test-helpers/regression';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

describe('saveWeights / loadWeights', () => {
  it('round-trips a LayersModel’s weights into another instance', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-weights-'));
    const a = denseTrainable({ seed: 1 });
    const b = denseTrainable({ seed: 9 });
    expect(maxWeightDifference(weightValues(a), weightValues(b))).toBeGreaterThan(0.01);
    await saveWeights(dir, a.model); // a plain LayersModel works too
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'weights.json'), 'utf8'));
    expect(manifest.tensors.map((t: { name: string; shape: number[] }) => [t.name, t.shape])).toEqual([
      ['hidden/kernel', [4, 8]],
      ['hidden/bias', [8]],
      ['out/kernel', [8, 2]],
      ['out/bias', [2]],
    ]);
    await loadWeights(dir, b);
    expect(maxWeightDifference(weightValues(a), weightValues(b))).toBe(0);
    a.model.dispose();
    b.model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the weight and both shapes on a mismatch, and leaves the model untouched', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-weights-'));
    const small = denseTrainable({ hidden: 8 });
    const wide = denseTrainable({ hidden: 16, seed: 5 });
    await saveWeights(dir, small.variables());
    const before = weightValues(wide);
    await expect(loadWeights(dir, wide.variables())).rejects.toThrow("weight 'hidden/kernel' has shape [4,8], expected [4,16]");
    expect(maxWeightDifference(before, weightValues(wide))).toBe(0);
    small.model.dispose();
    wide.model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hints at unnamed layers when no weight names match', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-weights-'));
    const unnamed = () => tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const a = layersModelTrainable(unnamed(), supervisedLoss(tf.losses.meanSquaredError));
    const b = layersModelTrainable(unnamed(), supervisedLoss(tf.losses.meanSquaredError));
    await saveWeights(dir, a.variables());
    await expect(loadWeights(dir, b.variables())).rejects.toThrow(/is missing.*Give every layer an explicit name/);
    a.model.dispose();
    b.model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
