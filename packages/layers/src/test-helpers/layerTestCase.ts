import * as tf from '@tensorflow/tfjs';
import { saveAndLoadInMemory } from './memoryRoundTrip';
import { expectIdentical, maxAbsDiff } from './tensorAssertions';

/** What the shared checks need to know about one layer configuration. */
export interface LayerTestCase {
  /** Creates a fresh, unbuilt layer. Give it a fixed name. */
  create: () => tf.layers.Layer;
  /** The layer's class, for `fromConfig`. */
  cls: tf.serialization.SerializableConstructor<tf.layers.Layer>;
  /** Fresh concrete inputs, batch first (one tensor or the list the layer takes). */
  inputs: () => tf.Tensor | tf.Tensor[];
  /** The output shape for those inputs. */
  outputShape: number[];
  /** How many trainable weight tensors the built layer has. */
  trainableWeights: number;
  /** How many non-trainable weight tensors the built layer has. Default 0. */
  nonTrainableWeights?: number;
}

function toList<T>(x: T | T[]): T[] {
  return Array.isArray(x) ? x : [x];
}

function variablesOf(layer: tf.layers.Layer): tf.Variable[] {
  return layer.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * The checks every layer in this package passes (as keras-hub's run_layer_test): output
 * shape and computeOutputShape, weight tracking and naming, config and JSON round-trips,
 * model.save / tf.loadLayersModel, one training step, a falling loss, no tensor leaks.
 * Call inside a `describe` whose backend is set.
 */
export function runLayerTestCase(spec: LayerTestCase): void {
  const build = () => {
    const layer = spec.create();
    const inputs = spec.inputs();
    tf.dispose(layer.apply(inputs) as tf.Tensor);
    return { layer, inputs };
  };

  it('produces the expected output shape, and computeOutputShape agrees', () => {
    const layer = spec.create();
    const inputs = spec.inputs();
    const out = layer.apply(inputs) as tf.Tensor;
    expect(out.shape).toEqual(spec.outputShape);
    expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
    const shapes = toList(inputs).map((t) => t.shape as tf.Shape);
    expect(layer.computeOutputShape(shapes.length === 1 ? shapes[0] : shapes)).toEqual(spec.outputShape);
    const symbolic = shapes.map((s) => [null, ...s.slice(1)]);
    expect(layer.computeOutputShape(symbolic.length === 1 ? symbolic[0] : symbolic)).toEqual([null, ...spec.outputShape.slice(1)]);
    tf.dispose([out, inputs]);
  });

  it('tracks every weight, including sub-layers, under unique names scoped by the layer name', () => {
    const { layer, inputs } = build();
    expect(layer.trainableWeights.length).toBe(spec.trainableWeights);
    expect(layer.nonTrainableWeights.length).toBe(spec.nonTrainableWeights ?? 0);
    const names = layer.weights.map((w) => w.originalName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name.startsWith(`${layer.name}/`)).toBe(true);
    if (spec.trainableWeights > 0) {
      layer.trainable = false;
      expect(layer.trainableWeights.length).toBe(0);
      expect(layer.nonTrainableWeights.length).toBe(spec.trainableWeights + (spec.nonTrainableWeights ?? 0));
      layer.trainable = true;
      expect(layer.trainableWeights.length).toBe(spec.trainableWeights);
    }
    tf.dispose(inputs);
  });

  it('rebuilds from getConfig() and from its JSON, computing the same function', () => {
    const { layer, inputs } = build();
    const config = layer.getConfig();
    const fromConfig = spec.cls.fromConfig(spec.cls, config);
    expect(fromConfig.getConfig()).toEqual(config);
    const fromJSON = spec.cls.fromConfig(spec.cls, JSON.parse(JSON.stringify(config)));
    expect(fromJSON.getConfig()).toEqual(config);

    tf.dispose(fromJSON.apply(inputs) as tf.Tensor);
    fromJSON.setWeights(layer.getWeights());
    const expected = layer.apply(inputs) as tf.Tensor;
    const actual = fromJSON.apply(inputs) as tf.Tensor;
    expectIdentical(actual, expected);
    tf.dispose([expected, actual, inputs]);
  });

  it('round-trips through model.save and tf.loadLayersModel with identical outputs', async () => {
    const layer = spec.create();
    const inputs = toList(spec.inputs());
    const symbolic = inputs.map((t) => tf.input({ shape: t.shape.slice(1), dtype: t.dtype as 'float32' | 'int32' }));
    const output = layer.apply(symbolic.length === 1 ? symbolic[0] : symbolic) as tf.SymbolicTensor;
    const model = tf.model({ inputs: symbolic, outputs: output });
    const loaded = await saveAndLoadInMemory(model);

    expect(loaded.weights.map((w) => w.originalName)).toEqual(model.weights.map((w) => w.originalName));
    expect(loaded.weights.length).toBe(spec.trainableWeights + (spec.nonTrainableWeights ?? 0));
    const expected = model.predict(inputs) as tf.Tensor;
    const actual = loaded.predict(inputs) as tf.Tensor;
    expect(actual.shape).toEqual(spec.outputShape);
    expectIdentical(actual, expected);
    tf.dispose([expected, actual, inputs]);
    loaded.dispose();
  });

  if (spec.trainableWeights > 0) {
    it('gives every trainable weight a non-zero gradient, and one optimizer step changes them all', () => {
      const { layer, inputs } = build();
      const probe = tf.randomNormal(spec.outputShape, 0, 1, 'float32', 7);
      const vars = variablesOf(layer);
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.apply(inputs, { training: true }) as tf.Tensor, probe)) as tf.Scalar,
        vars,
      );
      const zero = vars.filter((v) => tf.tidy(() => tf.max(tf.abs(grads[v.name])).dataSync()[0]) === 0);
      expect(zero.map((v) => v.name)).toEqual([]);

      const before = vars.map((v) => v.clone());
      const optimizer = tf.train.sgd(0.05);
      optimizer.applyGradients(grads);
      const unchanged = vars.filter((v, i) => maxAbsDiff(v, before[i]) === 0);
      expect(unchanged.map((v) => v.name)).toEqual([]);
      optimizer.dispose();
      tf.dispose([value, grads, before, probe, inputs]);
    });

    it('fits a tiny regression target: the loss falls over a few dozen steps', () => {
      const { layer, inputs } = build();
      const target = tf.randomNormal(spec.outputShape, 0, 1, 'float32', 11);
      const optimizer = tf.train.adam(0.02);
      const losses: number[] = [];
      for (let step = 0; step < 40; step++) {
        const loss = optimizer.minimize(
          () => tf.losses.meanSquaredError(target, layer.apply(inputs, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
          variablesOf(layer),
        );
        losses.push(loss!.dataSync()[0]);
        loss!.dispose();
      }
      expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
      optimizer.dispose();
      tf.dispose([target, inputs]);
    });
  }

  it('does not leak tensors across a forward and a backward step', () => {
    const { layer, inputs } = build();
    const before = tf.memory().numTensors;
    tf.dispose(layer.apply(inputs) as tf.Tensor);
    if (spec.trainableWeights > 0) {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(inputs, { training: true }) as tf.Tensor) as tf.Scalar, variablesOf(layer));
      tf.dispose([value, grads]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(inputs);
  });
}
