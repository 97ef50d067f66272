import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import type { TrainConfig } from './TrainConfig';
import { Trainer } from './Trainer';
import { denseTrainable, maxWeightDifference, regressionSource, weightValues } from './test-helpers/regression';

const CONFIG: TrainConfig = { maxSteps: 8, learningRate: 0.02, warmupSteps: 2, gradClip: 0.5, gradientAccumulationSteps: 2, evalEvery: 4, evalBatches: 1 };
const quiet = { progress: false as const, interrupt: { enabled: false } };

/** Trains a fresh seeded model on the current backend; returns its final weights. */
async function train(runDir: string, counts?: number[]): Promise<Map<string, Float32Array>> {
  const model = denseTrainable({ seed: 2 });
  const trainer = new Trainer(model, CONFIG);
  await trainer.fit({
    train: regressionSource(4),
    eval: regressionSource(40),
    runDir,
    onStep: () => {
      counts?.push(tf.memory().numTensors);
    },
    ...quiet,
  });
  const weights = weightValues(model);
  trainer.dispose();
  model.model.dispose();
  return weights;
}

describe('Trainer on wasm', () => {
  it('trains, checkpoints and resumes on wasm as on cpu, with a flat tensor count', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-wasm-'));
    try {
      await initBackend('cpu', { log: null });
      const onCpu = await train(path.join(root, 'cpu'));

      await initBackend('wasm', { log: null });
      expect(tf.getBackend()).toBe('wasm');
      const counts: number[] = [];
      const onWasm = await train(path.join(root, 'wasm'), counts);
      expect(new Set(counts).size).toBe(1);
      expect(maxWeightDifference(onCpu, onWasm)).toBeLessThan(1e-4);

      // Resume on wasm: 4 steps, then a fresh model continues to 8.
      const runDir = path.join(root, 'resume');
      const first = denseTrainable({ seed: 2 });
      const t1 = new Trainer(first, { ...CONFIG, maxSteps: 4, decaySteps: 8 });
      await t1.fit({ train: regressionSource(4), eval: regressionSource(40), runDir, ...quiet });
      t1.dispose();
      first.model.dispose();
      const second = denseTrainable({ seed: 77 });
      const t2 = new Trainer(second, CONFIG);
      // The eval source is consumed differently across the split run, but it never touches the weights.
      await t2.fit({ train: regressionSource(4), eval: regressionSource(40), runDir, resume: true, ...quiet });
      expect(maxWeightDifference(onWasm, weightValues(second))).toBeLessThan(1e-5);
      t2.dispose();
      second.model.dispose();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
