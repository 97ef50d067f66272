import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { LstmLayer } from './LstmLayer';
import { BACKENDS } from './test-helpers/backends';
import { naiveLstm } from './test-helpers/naiveRecurrent';
import { runRecurrentLayerSuite } from './test-helpers/recurrentLayerSuite';

describe.each(BACKENDS)('LstmLayer on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runRecurrentLayerSuite({
    create: (args) => new LstmLayer(args),
    cls: LstmLayer,
    naive: (x, w, initial, mask) => naiveLstm(x, w, initial as [tf.Tensor2D, tf.Tensor2D], mask),
    weightNames: ['kernel', 'recurrent_kernel', 'bias'],
  });

  it('starts with forget-gate biases of 1 and an orthogonal recurrent kernel', () => {
    const layer = new LstmLayer({ name: 'lstm', units: 8 });
    tf.dispose(layer.apply(tf.zeros([1, 1, 3])) as tf.Tensor);
    const [, recurrent, bias] = layer.getWeights();
    expect(Array.from(bias.dataSync())).toEqual([...Array(8).fill(0), ...Array(8).fill(1), ...Array(16).fill(0)]);
    // Rows of an (8, 32) orthogonal matrix are orthonormal: U·Uᵀ = I.
    const gram = tf.matMul(recurrent, recurrent, false, true);
    const identity = tf.eye(8);
    expect(tf.max(tf.abs(tf.sub(gram, identity))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([gram, identity]);
    layer.dispose();
  });

  it('can start with zero forget-gate biases', () => {
    const layer = new LstmLayer({ name: 'lstm', units: 4, unitForgetBias: false });
    tf.dispose(layer.apply(tf.zeros([1, 1, 3])) as tf.Tensor);
    expect(Array.from(layer.getWeights()[2].dataSync())).toEqual(Array(16).fill(0));
    expect(layer.getConfig().unitForgetBias).toBe(false);
    layer.dispose();
  });
});
