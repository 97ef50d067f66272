import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { evaluateBertClassifier } from './evaluateBertClassifier';
import { fitBertClassifier } from './fitBertClassifier';
import { loadBertClassifier } from './loadBertClassifier';
import { toyClassifier, toyExamples } from './test-helpers/toyTask';

const quiet = { progress: false as const };

beforeAll(() => initBackend('wasm', { log: null }));

describe('fitBertClassifier', () => {
  it('learns whether a given token occurs (> 0.95 held-out accuracy), keeping the best weights', async () => {
    const clf = toyClassifier();
    const train = toyExamples(512, 1);
    const validation = toyExamples(128, 2);
    const test = toyExamples(256, 3);
    const before = await evaluateBertClassifier(clf, test);
    const result = await fitBertClassifier(clf, { train, validation, epochs: 8, batchSize: 32, learningRate: 5e-3, monitor: 'val_accuracy', ...quiet });
    const after = await evaluateBertClassifier(clf, test);
    expect(before.accuracy).toBeLessThan(0.75);
    expect(after.accuracy).toBeGreaterThan(0.95);
    expect(after.rocAuc).toBeGreaterThan(0.98);
    expect(result.history.length).toBeGreaterThan(1);
    expect(result.best!.accuracy).toBe(Math.max(...result.history.map((h) => h.accuracy)));
    expect(result.steps).toBeLessThanOrEqual(8 * 16);
    clf.dispose();
  });

  it('trains a softmax head on three classes', async () => {
    const clf = toyClassifier({ numClasses: 3 });
    // Class = how many of w1, w2 the text holds (0, 1 or 2).
    const examples = toyExamples(384, 4).map(({ text }) => {
      const words = new Set(text.split(' '));
      return { text, label: (words.has('w1') ? 1 : 0) + (words.has('w2') ? 1 : 0) };
    });
    const result = await fitBertClassifier(clf, { train: examples.slice(0, 320), validation: examples.slice(320), epochs: 6, learningRate: 3e-3, ...quiet });
    expect(result.best!.loss).toBeLessThan(result.history[0].loss + 1e-9);
    expect(result.best!.loss).toBeLessThan(0.9);
    clf.dispose();
  });

  it('keeps the tensor count flat over training steps', async () => {
    const clf = toyClassifier();
    const counts: number[] = [];
    await fitBertClassifier(clf, {
      train: toyExamples(64, 5),
      validation: toyExamples(32, 6),
      maxSteps: 6,
      evalEvery: 2,
      batchSize: 16,
      trainConfig: { logEvery: 1 },
      ...quiet,
      onEval: () => void counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    clf.dispose();
  });

  it('writes checkpoints that load as a classifier and resume', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-bert-fit-'));
    try {
      const clf = toyClassifier();
      const train = toyExamples(64, 7);
      const validation = toyExamples(32, 8);
      const result = await fitBertClassifier(clf, { train, validation, maxSteps: 8, evalEvery: 4, batchSize: 16, runDir: dir, patience: null, ...quiet });
      expect(result.steps).toBe(8);
      const fromBest = await loadBertClassifier(path.join(dir, 'best'));
      expect(await fromBest.predict(['w1 w7', 'w3'])).toEqual(await clf.predict(['w1 w7', 'w3']));
      const resumed = await fitBertClassifier(fromBest, { train, validation, maxSteps: 12, evalEvery: 4, batchSize: 16, runDir: dir, resume: true, patience: null, ...quiet });
      expect(resumed.steps).toBe(12);
      expect(resumed.history.map((h) => h.step)).toEqual([12]);
      fromBest.dispose();
      clf.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects labels that are not class ids, and empty training sets', async () => {
    const clf = toyClassifier();
    await expect(fitBertClassifier(clf, { train: [{ text: 'w1', label: 0 }, { text: 'w2', label: 2 }], ...quiet })).rejects.toThrow(
      'train example 1: expected labels 0 or 1 for a binary classifier, got 2',
    );
    await expect(fitBertClassifier(clf, { train: [{ text: 'w1', label: 0 }], validation: [{ text: 'w2', label: 0.5 }], ...quiet })).rejects.toThrow(
      'validation example 0: expected labels 0 or 1 for a binary classifier, got 0.5',
    );
    await expect(fitBertClassifier(clf, { train: [], ...quiet })).rejects.toThrow('expected training examples, got none');
    clf.dispose();
  });
});
