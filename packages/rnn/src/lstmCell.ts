import * as tf from '@tensorflow/tfjs';
import type { CellBackward, CellForward, RecurrentCell, RecurrentWeights } from './RecurrentCell';

/**
 * The LSTM's step (Hochreiter & Schmidhuber 1997, with a forget gate), gate columns laid
 * out i, f, o, g so that one sigmoid covers the first three:
 *
 *     z = x·W + b + h·U          i, f, o = σ(z_i, z_f, z_o)      g = tanh(z_g)
 *     c' = f ⊙ c + i ⊙ g         h' = o ⊙ tanh(c')
 */
export const lstmCell: RecurrentCell = {
  gates: 4,
  stateSize: 2,
  savedCount: 6,
  hasRecurrentBias: false,

  forward(projected: tf.Tensor2D, state: tf.Tensor2D[], weights: RecurrentWeights): CellForward {
    const [h, c] = state;
    const H = h.shape[1];
    const z = tf.add(projected, tf.matMul(h, weights.recurrentKernel)); // (B, 4H)
    const [sigmoidPart, candidatePart] = tf.split(z, [3 * H, H], 1);
    const ifo = tf.sigmoid(sigmoidPart) as tf.Tensor2D; // (B, 3H)
    const [i, f, o] = tf.split(ifo, 3, 1) as tf.Tensor2D[];
    const g = tf.tanh(candidatePart) as tf.Tensor2D;
    const cNext = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    const tanhC = tf.tanh(cNext) as tf.Tensor2D;
    const hNext = tf.mul(o, tanhC) as tf.Tensor2D;
    return { state: [hNext, cNext], saved: [i, f, o, ifo, g, tanhC] };
  },

  backward(dState: tf.Tensor2D[], saved: tf.Tensor2D[], previousState: tf.Tensor2D[], recurrentKernelT: tf.Tensor2D): CellBackward {
    const [dh, dcIn] = dState;
    const [i, f, o, ifo, g, tanhC] = saved;
    const cPrevious = previousState[1];
    const dOutputGate = tf.mul(dh, tanhC);
    const dc = tf.add(dcIn, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tanhC)))); // through h' = o·tanh(c')
    const dInputGate = tf.mul(dc, g);
    const dForgetGate = tf.mul(dc, cPrevious);
    const dCandidate = tf.mul(dc, i);
    const dcPrevious = tf.mul(dc, f) as tf.Tensor2D;
    const dSigmoidPart = tf.mul(tf.concat([dInputGate, dForgetGate, dOutputGate], 1), tf.mul(ifo, tf.sub(1, ifo))); // σ' = σ(1 − σ)
    const dCandidatePart = tf.mul(dCandidate, tf.sub(1, tf.square(g))); // tanh' = 1 − tanh²
    const dz = tf.concat([dSigmoidPart, dCandidatePart], 1) as tf.Tensor2D; // (B, 4H)
    return { dProjected: dz, dRecurrent: dz, dPreviousState: [tf.matMul(dz, recurrentKernelT), dcPrevious] };
  },
};
