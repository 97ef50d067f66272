import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { makeClassificationBatch, Random, type ClassificationBatch } from '@tfzoo/data';
import { Trainer } from '@tfzoo/train';
import { RnnClassifier } from './RnnClassifier';
import { expectClose } from './test-helpers/tensorAssertions';

/** Variable-length rows of ids 7…14; label 1 if the row contains 9. Half the rows do. */
function containsNineBatch(rng: Random, batch: number): ClassificationBatch {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let b = 0; b < batch; b++) {
    const length = 3 + rng.nextInt(6);
    const row = Array.from({ length }, () => 10 + rng.nextInt(5)); // 10…14: never 9
    const label = b % 2;
    if (label === 1) row[rng.nextInt(length)] = 9;
    rows.push(row);
    labels.push(label);
  }
  return makeClassificationBatch(rows, labels);
}

function accuracy(probs: tf.Tensor2D, labels: ArrayLike<number>): number {
  const predicted = tf.tidy(() => tf.argMax(probs, 1).dataSync());
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

describe.each([
  ['lstm', 'last'],
  ['gru', 'mean'],
] as const)('RnnClassifier (%s, %s pooling) on wasm', (cell, pooling) => {
  beforeAll(() => initBackend('wasm', { log: null }));

  it('learns whether a padded sequence contains a token', async () => {
    const clf = new RnnClassifier({ cell, pooling, vocabSize: 15, numClasses: 2, hiddenSize: 16, seed: 3 });
    const rng = new Random(5);
    const trainer = new Trainer(clf, { maxSteps: 60, learningRate: 3e-2, warmupSteps: 5, weightDecay: 0 });
    for (let step = 0; step < 60; step++) await trainer.trainStep(() => containsNineBatch(rng, 16));
    const test = containsNineBatch(new Random(99), 64);
    const probs = clf.predict(test.inputIds, test.mask);
    expect(accuracy(probs, test.labels.data)).toBeGreaterThan(0.9);
    probs.dispose();
    trainer.dispose();
    clf.dispose();
  });

  it('ignores padding: a row gets the same probabilities however far it is padded', () => {
    const clf = new RnnClassifier({ cell, pooling, vocabSize: 15, numClasses: 3, hiddenSize: 8, numLayers: 2, seed: 1 });
    const short = makeClassificationBatch([[8, 9, 10]], [0]);
    const padded = makeClassificationBatch([[8, 9, 10], [8, 9, 10, 11, 12, 13, 14]], [0, 0]);
    const [a, b] = [clf.predict(short.inputIds, short.mask), clf.predict(padded.inputIds, padded.mask)];
    tf.tidy(() => expectClose(a, tf.slice(b, [0, 0], [1, 3]), 1e-5));
    tf.dispose([a, b]);
    clf.dispose();
  });

  it('saves and loads to identical predictions, with stable weight names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-clf-'));
    const clf = new RnnClassifier({ cell, pooling, vocabSize: 15, numClasses: 2, hiddenSize: 6 });
    await clf.save(dir);
    const loaded = await RnnClassifier.load(dir);
    expect(loaded.variables().map((v) => v.name)).toEqual(clf.variables().map((v) => v.name));
    expect(loaded.variables().map((v) => v.name)).toContain('classifier_head/kernel');
    const batch = containsNineBatch(new Random(2), 4);
    const [a, b] = [clf.predict(batch.inputIds, batch.mask), loaded.predict(batch.inputIds, batch.mask)];
    expectClose(a, b, 0);
    tf.dispose([a, b]);
    clf.dispose();
    loaded.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaks no tensors and rejects bad labels', () => {
    const clf = new RnnClassifier({ cell, pooling, vocabSize: 15, numClasses: 2, hiddenSize: 6, dropout: 0.2 });
    const batch = containsNineBatch(new Random(2), 4);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => clf.loss(batch, { training: true }), clf.variables().map((v) => v.variable));
    tf.dispose([value, ...Object.values(grads)]);
    tf.dispose(clf.predict(batch.inputIds));
    expect(tf.memory().numTensors).toBe(before);
    const bad = { ...batch, labels: { data: Int32Array.from([0, 1, 2, 0]), shape: [4] as [number] } };
    expect(() => clf.loss(bad, { training: false })).toThrow('expected class labels in [0, 2), got 2 at position 2');
    clf.dispose();
  });
});
