import * as tf from '@tensorflow/tfjs';
import type { RecurrentLayer } from '../RecurrentLayer';
import { NaiveWeights } from './naiveRecurrent';
import { expectClose } from './tensorAssertions';

/** What the shared recurrent-layer checks need to know about one layer class. */
export interface RecurrentLayerSuite {
  /** A fresh, unbuilt layer named `name` with `units` units (and any extra args). */
  create: (args: { name: string; units: number; returnSequences?: boolean; returnState?: boolean }) => RecurrentLayer;
  /** The layer's class, for `fromConfig`. */
  cls: tf.serialization.SerializableConstructor<tf.layers.Layer>;
  /** The textbook reference: batch-major outputs and final state. */
  naive: (x: tf.Tensor3D, w: NaiveWeights, initial: tf.Tensor2D[], mask?: tf.Tensor2D) => { outputs: tf.Tensor3D; state: tf.Tensor2D[] };
  /** The layer's weight names, in order. */
  weightNames: string[];
}

const B = 3;
const T = 5;
const D = 4;
const H = 6;

function weightsOf(layer: RecurrentLayer): NaiveWeights {
  const byName = new Map(layer.weights.map((w) => [w.originalName.split('/').pop()!, w.read()]));
  return {
    kernel: byName.get('kernel') as tf.Tensor2D,
    recurrentKernel: byName.get('recurrent_kernel') as tf.Tensor2D,
    bias: byName.get('bias') as tf.Tensor1D,
    recurrentBias: byName.get('recurrent_bias') as tf.Tensor1D | undefined,
  };
}

/** Right-padded mask: row b has T − b real steps. */
function paddingMask(): tf.Tensor2D {
  return tf.tensor2d(Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => (t < T - b ? 1 : 0))));
}

/** Randomises the biases too (zeros/ones would hide bias bugs). */
function randomizeWeights(layer: RecurrentLayer, seed: number): void {
  layer.weights.forEach((w, i) => w.write(tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + i)));
}

/**
 * The checks every recurrent layer passes: forward and gradients against the textbook
 * reference (with and without a mask and an initial state), single steps against the
 * sequence, output shapes, names, config and save/load round-trips, no tensor leaks.
 * Call inside a `describe` whose backend is set.
 */
export function runRecurrentLayerSuite(spec: RecurrentLayerSuite): void {
  const built = (name = 'rnn') => {
    const layer = spec.create({ name, units: H });
    tf.dispose(layer.apply(tf.zeros([1, 1, D])) as tf.Tensor);
    randomizeWeights(layer, 7);
    return layer;
  };
  const initialState = (layer: RecurrentLayer) => Array.from({ length: layer.stateSize }, (_, k) => tf.randomNormal([B, H], 0, 0.5, 'float32', 20 + k) as tf.Tensor2D);

  it('names its weights <layer>/<weight>', () => {
    const layer = built('encoder_rnn');
    expect(layer.weights.map((w) => w.originalName)).toEqual(spec.weightNames.map((n) => `encoder_rnn/${n}`));
  });

  it.each([
    ['no mask, zero state', false, false],
    ['padding mask', true, false],
    ['initial state', false, true],
    ['padding mask and initial state', true, true],
  ])('matches the textbook cell forward (%s)', (_label, withMask, withState) => {
    tf.tidy(() => {
      const layer = built();
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 3) as tf.Tensor3D;
      const mask = withMask ? paddingMask() : undefined;
      const initial = withState ? initialState(layer) : layer.zeroState(B);
      const timeMajor = tf.reshape(tf.transpose(x, [1, 0, 2]), [T * B, D]) as tf.Tensor2D;
      const ours = layer.forwardTimeMajor(timeMajor, T, { mask: mask ? (tf.transpose(mask) as tf.Tensor2D) : undefined, initialState: withState ? initial : undefined });
      const reference = spec.naive(x, weightsOf(layer), initial, mask);
      expectClose(tf.reshape(ours.outputs, [T, B, H]), tf.transpose(reference.outputs, [1, 0, 2]), 1e-5);
      ours.state.forEach((s, k) => expectClose(s, reference.state[k], 1e-5));
    });
  });

  it.each([
    ['no mask', false],
    ['padding mask', true],
  ])('has the gradients of the textbook cell with respect to inputs, weights and initial state (%s)', (_label, withMask) => {
    tf.tidy(() => {
      const layer = built();
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 4) as tf.Tensor3D;
      const mask = withMask ? paddingMask() : undefined;
      const initial = initialState(layer);
      // A loss that reads every output and every final state tensor with distinct weights.
      const outWeights = tf.randomNormal([B, T, H], 0, 1, 'float32', 5);
      const stateWeights = initial.map((_, k) => tf.randomNormal([B, H], 0, 1, 'float32', 30 + k));
      const loss = (outputs: tf.Tensor3D, state: tf.Tensor2D[]) =>
        tf.addN([tf.sum(tf.mul(outputs, outWeights)), ...state.map((s, k) => tf.sum(tf.mul(s, stateWeights[k])))]) as tf.Scalar;
      const w = weightsOf(layer);
      const params = [w.kernel, w.recurrentKernel, w.bias, ...(w.recurrentBias ? [w.recurrentBias] : [])];

      const oursGrads = tf.grads((xIn: tf.Tensor, ...rest: tf.Tensor[]) => {
        const timeMajor = tf.reshape(tf.transpose(xIn, [1, 0, 2]), [T * B, D]) as tf.Tensor2D;
        const r = layer.forwardTimeMajor(timeMajor, T, { mask: mask ? (tf.transpose(mask) as tf.Tensor2D) : undefined, initialState: rest as tf.Tensor2D[] });
        return loss(tf.transpose(tf.reshape(r.outputs, [T, B, H]), [1, 0, 2]) as tf.Tensor3D, r.state);
      })([x, ...initial]);
      const referenceGrads = tf.grads((xIn: tf.Tensor, ...rest: tf.Tensor[]) => {
        const r = spec.naive(xIn as tf.Tensor3D, w, rest as tf.Tensor2D[], mask);
        return loss(r.outputs, r.state);
      })([x, ...initial]);
      oursGrads.forEach((g, i) => expectClose(g, referenceGrads[i], 1e-4));

      const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
      const ourWeightGrads = tf.variableGrads(() => {
        const timeMajor = tf.reshape(tf.transpose(x, [1, 0, 2]), [T * B, D]) as tf.Tensor2D;
        const r = layer.forwardTimeMajor(timeMajor, T, { mask: mask ? (tf.transpose(mask) as tf.Tensor2D) : undefined, initialState: initial });
        return loss(tf.transpose(tf.reshape(r.outputs, [T, B, H]), [1, 0, 2]) as tf.Tensor3D, r.state);
      }, vars).grads;
      const referenceWeightGrads = tf.grads((...ps: tf.Tensor[]) => {
        const nw: NaiveWeights = { kernel: ps[0] as tf.Tensor2D, recurrentKernel: ps[1] as tf.Tensor2D, bias: ps[2] as tf.Tensor1D, recurrentBias: ps[3] as tf.Tensor1D | undefined };
        const r = spec.naive(x, nw, initial, mask);
        return loss(r.outputs, r.state);
      })(params);
      vars.forEach((v, i) => expectClose(ourWeightGrads[v.name], referenceWeightGrads[i], 1e-4));
    });
  });

  it('steps one token at a time to the same outputs and state as the whole sequence', () => {
    tf.tidy(() => {
      const layer = built();
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 6) as tf.Tensor3D;
      const whole = layer.apply(x) as tf.Tensor3D;
      let state = layer.zeroState(B);
      for (let t = 0; t < T; t++) {
        state = layer.step(tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D, state);
        expectClose(state[0], tf.squeeze(tf.slice(whole, [0, t, 0], [-1, 1, -1]), [1]), 1e-5);
      }
    });
  });

  it('returns sequences, last outputs and states in the shapes computeOutputShape gives', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([B, T, D]);
      const sequences = spec.create({ name: 'a', units: H });
      expect((sequences.apply(x) as tf.Tensor).shape).toEqual([B, T, H]);
      expect(sequences.computeOutputShape([null, T, D])).toEqual([null, T, H]);
      const last = spec.create({ name: 'b', units: H, returnSequences: false, returnState: true });
      const out = last.apply([x, paddingMask()]) as tf.Tensor[];
      expect(out.map((o) => o.shape)).toEqual([[B, H], ...Array.from({ length: last.stateSize }, () => [B, H])]);
      expect(last.computeOutputShape([[null, T, D], [null, T]])).toEqual([[null, H], ...Array.from({ length: last.stateSize }, () => [null, H])]);
      // The last output of a padded row is its state after its last real token, the first state tensor.
      expectClose(out[0], out[1], 0);
    });
  });

  it('round-trips its config, and a model using it saves and loads with identical outputs', async () => {
    const layer = spec.create({ name: 'rnn', units: H });
    const fromConfig = (spec.cls as unknown as { fromConfig: (c: unknown, config: tf.serialization.ConfigDict) => tf.layers.Layer }).fromConfig;
    const again = fromConfig(spec.cls, JSON.parse(JSON.stringify(layer.getConfig())));
    expect(again.getConfig()).toEqual(layer.getConfig());
    expect(again).toBeInstanceOf(spec.cls);

    const input = tf.input({ shape: [T, D] });
    const model = tf.model({ inputs: input, outputs: spec.create({ name: 'rnn', units: H }).apply(input) as tf.SymbolicTensor });
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const x = tf.randomNormal([B, T, D]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expectClose(a, b, 0);
    expect(loaded.weights.map((w) => w.originalName)).toEqual(model.weights.map((w) => w.originalName));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('leaks no tensors in the forward pass, a gradient step or a generation step', () => {
    const layer = built();
    const x = tf.randomNormal([B, T, D]) as tf.Tensor3D;
    const mask = paddingMask();
    const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const before = tf.memory().numTensors;
    tf.dispose(layer.apply([x, mask]) as tf.Tensor);
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply([x, mask]) as tf.Tensor) as tf.Scalar, vars);
    tf.dispose([value, ...Object.values(grads)]);
    const state = layer.zeroState(B);
    const next = tf.tidy(() => layer.step(tf.ones([B, D]), state));
    tf.dispose([...state, ...next]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, mask]);
  });

  it('rejects a mask, state or step input of the wrong shape, naming it', () => {
    const layer = built();
    tf.tidy(() => {
      expect(() => layer.apply([tf.zeros([B, T, D]), tf.zeros([B, T + 1])])).toThrow(`expected a mask of shape [${B}, ${T}] for input [${B}, ${T}, ${D}], got [${B}, ${T + 1}]`);
      expect(() => layer.step(tf.zeros([B, D + 1]) as tf.Tensor2D, layer.zeroState(B))).toThrow(`expected a step input of shape [B, ${D}], got [${B}, ${D + 1}]`);
      expect(() => layer.step(tf.zeros([B, D]) as tf.Tensor2D, layer.zeroState(B + 1))).toThrow(`got [${B + 1}, ${H}] at index 0`);
    });
  });
}
