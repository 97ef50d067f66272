import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { CompositeLayer } from './CompositeLayer';
import { BACKENDS } from './test-helpers/backends';
import { runLayerTestCase } from './test-helpers/layerTestCase';
import { saveAndLoadInMemory } from './test-helpers/memoryRoundTrip';
import { expectClose } from './test-helpers/tensorAssertions';
import { TransformerEncoderBlock } from './TransformerEncoderBlock';

/** Two stacked dense layers, the smallest composite worth testing. */
class TwoDense extends CompositeLayer {
  static readonly className = 'TwoDenseForCompositeLayerTest';
  private first: tf.layers.Layer | null = null;
  private second: tf.layers.Layer | null = null;

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = (inputShape as tf.Shape)[1] as number;
    this.first = this.nested(tf.layers.dense({ name: 'first', units: 3 }));
    this.buildNested(this.first, [null, features]);
    this.second = this.nested(tf.layers.dense({ name: 'second', units: 2 }));
    this.buildNested(this.second, [null, 3]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as tf.Shape)[0], 2];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => this.second!.apply(this.first!.apply(inputs)) as tf.Tensor);
  }
}
tf.serialization.registerClass(TwoDense);

const encoder = (name: string) => new TransformerEncoderBlock({ name, numHeads: 2, intermediateDim: 8 });

describe.each(BACKENDS)('CompositeLayer on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runLayerTestCase({
    create: () => new TwoDense({ name: 'two' }),
    cls: TwoDense,
    inputs: () => tf.randomNormal([4, 5], 0, 1, 'float32', 1),
    outputShape: [4, 2],
    trainableWeights: 4,
  });

  it('names nested weights by the path of layer names', () => {
    const block = encoder('encoder_0');
    tf.dispose(block.apply(tf.zeros([1, 3, 4])) as tf.Tensor);
    expect(block.weights.map((w) => w.originalName)).toEqual([
      'encoder_0/self_attention/query_key_value/kernel',
      'encoder_0/self_attention/query_key_value/bias',
      'encoder_0/self_attention/attention_output/kernel',
      'encoder_0/self_attention/attention_output/bias',
      'encoder_0/self_attention_layer_norm/gamma',
      'encoder_0/self_attention_layer_norm/beta',
      'encoder_0/feedforward/intermediate_dense/kernel',
      'encoder_0/feedforward/intermediate_dense/bias',
      'encoder_0/feedforward/output_dense/kernel',
      'encoder_0/feedforward/output_dense/bias',
      'encoder_0/feedforward_layer_norm/gamma',
      'encoder_0/feedforward_layer_norm/beta',
    ]);
  });

  it('gives the same names whether built by a concrete call or inside a functional model', () => {
    const eager = encoder('encoder_0');
    tf.dispose(eager.apply(tf.zeros([1, 3, 4])) as tf.Tensor);
    const symbolic = encoder('encoder_0');
    const input = tf.input({ shape: [3, 4] });
    tf.model({ inputs: input, outputs: symbolic.apply(input) as tf.SymbolicTensor });
    expect(symbolic.weights.map((w) => w.originalName)).toEqual(eager.weights.map((w) => w.originalName));
  });

  it('loads each stacked block its own weights (names map weights, not positions)', async () => {
    const input = tf.input({ shape: [3, 4] });
    const blocks = [encoder('encoder_0'), encoder('encoder_1')];
    const output = blocks.reduce((x, b) => b.apply(x) as tf.SymbolicTensor, input);
    const model = tf.model({ inputs: input, outputs: output });
    const loaded = await saveAndLoadInMemory(model);
    for (const name of ['encoder_0', 'encoder_1']) {
      const original = (model.getLayer(name) as tf.layers.Layer).weights;
      const restored = (loaded.getLayer(name) as tf.layers.Layer).weights;
      expect(restored.map((w) => w.originalName)).toEqual(original.map((w) => w.originalName));
      restored.forEach((w, i) => expectClose(w.read(), original[i].read(), 0));
    }
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3);
    expectClose(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor, 0);
  });

  it('propagates trainable = false to sub-layers, and model.fit then leaves them alone', async () => {
    const input = tf.input({ shape: [3, 4] });
    const frozen = encoder('frozen');
    const trained = encoder('trained');
    const model = tf.model({ inputs: input, outputs: trained.apply(frozen.apply(input)) as tf.SymbolicTensor });
    frozen.trainable = false;
    expect(model.trainableWeights.length).toBe(12);
    expect(model.nonTrainableWeights.length).toBe(12);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const before = frozen.getWeights().map((w) => w.clone());
    const trainedBefore = trained.getWeights().map((w) => w.clone());
    await model.fit(tf.randomNormal([4, 3, 4], 0, 1, 'float32', 1), tf.randomNormal([4, 3, 4], 0, 1, 'float32', 2), { epochs: 2, verbose: 0 });
    frozen.getWeights().forEach((w, i) => expectClose(w, before[i], 0));
    expect(trained.getWeights().every((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w, trainedBefore[i]))).dataSync()[0]) > 0)).toBe(true);
  });

  it('disposes sub-layer weights with the model', () => {
    const before = tf.memory().numTensors;
    const input = tf.input({ shape: [3, 4] });
    const model = tf.model({ inputs: input, outputs: encoder('encoder_0').apply(input) as tf.SymbolicTensor });
    expect(tf.memory().numTensors).toBe(before + 12);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects two sub-layers with the same name', () => {
    class Clash extends CompositeLayer {
      static readonly className = 'ClashForCompositeLayerTest';
      override build(): void {
        this.nested(tf.layers.dense({ name: 'same', units: 1 }));
        this.nested(tf.layers.dense({ name: 'same', units: 1 }));
      }
    }
    expect(() => new Clash({ name: 'clash' }).apply(tf.zeros([1, 2]))).toThrow(/ClashForCompositeLayerTest 'clash': two sub-layers are named 'same'/);
  });
});
