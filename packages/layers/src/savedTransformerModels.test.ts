import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, registerFileSystemRouter } from '@tfzoo/core';
import { MaskedMeanPooling } from './MaskedMeanPooling';
import { PaddingMaskLayer } from './PaddingMaskLayer';
import { BACKENDS } from './test-helpers/backends';
import { saveAndLoadInMemory } from './test-helpers/memoryRoundTrip';
import { expectClose, maxAbsDiff } from './test-helpers/tensorAssertions';
import { TokenAndPositionEmbedding } from './TokenAndPositionEmbedding';
import { TransformerDecoderBlock } from './TransformerDecoderBlock';
import { TransformerEncoderBlock } from './TransformerEncoderBlock';

// Whole functional models built from these layers, with masks computed in the graph from
// the id inputs: they must train with model.fit and survive save → load.

const V = 8; // PAD 0, BOS 2, tokens 3…7
const S = 6;
const D = 16;

/** A one-layer encoder–decoder that learns to copy its source. */
function translator(): tf.LayersModel {
  const source = tf.input({ shape: [S], dtype: 'int32', name: 'source' });
  const target = tf.input({ shape: [S], dtype: 'int32', name: 'target' });
  const sourceMask = new PaddingMaskLayer({ name: 'source_mask' }).apply(source) as tf.SymbolicTensor;
  const targetMask = new PaddingMaskLayer({ name: 'target_mask' }).apply(target) as tf.SymbolicTensor;
  let encoded = new TokenAndPositionEmbedding({ name: 'source_embedding', vocabSize: V, maxLength: S, embedDim: D }).apply(source) as tf.SymbolicTensor;
  encoded = new TransformerEncoderBlock({ name: 'encoder_0', numHeads: 2, intermediateDim: 32 }).apply([encoded, sourceMask]) as tf.SymbolicTensor;
  let decoded = new TokenAndPositionEmbedding({
    name: 'target_embedding',
    vocabSize: V,
    maxLength: S,
    embedDim: D,
    positional: 'sinusoidal',
    scaleTokenEmbeddings: true,
  }).apply(target) as tf.SymbolicTensor;
  decoded = new TransformerDecoderBlock({ name: 'decoder_0', numHeads: 2, intermediateDim: 32, norm: 'pre' }).apply([
    decoded,
    targetMask,
    encoded,
    sourceMask,
  ]) as tf.SymbolicTensor;
  const probabilities = tf.layers.dense({ name: 'next_token', units: V, activation: 'softmax' }).apply(decoded) as tf.SymbolicTensor;
  return tf.model({ inputs: [source, target], outputs: probabilities });
}

/** An encoder classifier over mean-pooled real positions. */
function classifier(): tf.LayersModel {
  const ids = tf.input({ shape: [S], dtype: 'int32', name: 'ids' });
  const mask = new PaddingMaskLayer({ name: 'mask' }).apply(ids) as tf.SymbolicTensor;
  let x = new TokenAndPositionEmbedding({ name: 'embedding', vocabSize: V, maxLength: S, embedDim: D }).apply(ids) as tf.SymbolicTensor;
  x = new TransformerEncoderBlock({ name: 'encoder_0', numHeads: 2, intermediateDim: 32, norm: 'pre', activation: 'gelu' }).apply([x, mask]) as tf.SymbolicTensor;
  x = new TransformerEncoderBlock({ name: 'encoder_1', numHeads: 2, intermediateDim: 32 }).apply([x, mask]) as tf.SymbolicTensor;
  const pooled = new MaskedMeanPooling({ name: 'pool' }).apply([x, mask]) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ name: 'classes', units: 3 }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: logits });
}

/** Copy-task batches: source tokens 3…7 with 0–2 trailing pads; target = BOS + source shifted right. */
function copyTask(n: number, seed: number): { source: tf.Tensor; target: tf.Tensor; labels: tf.Tensor } {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sources: number[][] = [];
  for (let i = 0; i < n; i++) {
    const length = S - Math.floor(random() * 3);
    sources.push(Array.from({ length: S }, (_, t) => (t < length ? 3 + Math.floor(random() * 5) : 0)));
  }
  const targets = sources.map((s) => [2, ...s.slice(0, S - 1)]);
  return {
    source: tf.tensor2d(sources, [n, S], 'int32'),
    target: tf.tensor2d(targets, [n, S], 'int32'),
    labels: tf.oneHot(tf.tensor2d(sources, [n, S], 'int32'), V),
  };
}

describe.each(BACKENDS)('transformer models built from these layers, on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  it('train with model.fit: the copy loss falls and every weight, nested or not, moves', async () => {
    const model = translator();
    expect(model.trainableWeights.length).toBe(2 + 12 + 1 + 20 + 2);
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
    const { source, target, labels } = copyTask(16, 1);
    const before = model.getWeights().map((w) => w.clone());
    const history = await model.fit([source, target], labels, { epochs: 25, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(0.7 * losses[0]);
    const still = model.weights.filter((w, i) => maxAbsDiff(w.read(), before[i]) === 0).map((w) => w.originalName);
    expect(still).toEqual([]);
    tf.dispose([source, target, labels, before]);
    model.dispose();
  });

  it('save through file:// into a temp dir and load back with identical outputs', async () => {
    registerFileSystemRouter(); // @tfzoo/core's file:// handler (tfjs-node's layout) without tfjs-node
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-layers-'));
    try {
      const model = translator();
      await model.save(`file://${dir}`);
      expect(fs.readdirSync(dir).sort()).toEqual(['model.json', expect.stringMatching(/^weights.*\.bin$/)]);
      const loaded = await tf.loadLayersModel(`file://${path.join(dir, 'model.json')}`);
      expect(loaded.weights.map((w) => w.originalName)).toEqual(model.weights.map((w) => w.originalName));
      const { source, target } = copyTask(4, 2);
      expectClose(loaded.predict([source, target]) as tf.Tensor, model.predict([source, target]) as tf.Tensor, 0);
      model.dispose();
      loaded.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trip a pooled two-block classifier through memory', async () => {
    const model = classifier();
    const loaded = await saveAndLoadInMemory(model);
    const { source } = copyTask(4, 3);
    expectClose(loaded.predict(source) as tf.Tensor, model.predict(source) as tf.Tensor, 0);
    expect(loaded.getLayer('encoder_1').getConfig()).toEqual(model.getLayer('encoder_1').getConfig());
    model.dispose();
    loaded.dispose();
  });
});
