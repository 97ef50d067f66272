import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { GruLayer } from './GruLayer';
import { BACKENDS } from './test-helpers/backends';
import { naiveGru } from './test-helpers/naiveRecurrent';
import { runRecurrentLayerSuite } from './test-helpers/recurrentLayerSuite';

describe.each(BACKENDS)('GruLayer on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  runRecurrentLayerSuite({
    create: (args) => new GruLayer(args),
    cls: GruLayer,
    naive: (x, w, initial, mask) => naiveGru(x, w, initial as [tf.Tensor2D], mask),
    weightNames: ['kernel', 'recurrent_kernel', 'bias', 'recurrent_bias'],
  });
});
