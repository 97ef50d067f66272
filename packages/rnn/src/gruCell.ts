import * as tf from '@tensorflow/tfjs';
import type { CellBackward, CellForward, RecurrentCell, RecurrentWeights } from './RecurrentCell';

/**
 * The GRU's step (Cho et al. 2014) in the "reset after" form of Keras 2+ and cuDNN, where
 * the reset gate multiplies the projected state, so h·U is one product per step:
 *
 *     p = h·U + b'               r, z = σ(x·W_r,z + b_r,z + p_r,z)
 *     n = tanh(x·W_n + b_n + r ⊙ p_n)           h' = z ⊙ h + (1 − z) ⊙ n
 */
export const gruCell: RecurrentCell = {
  gates: 3,
  stateSize: 1,
  savedCount: 5,
  hasRecurrentBias: true,

  forward(projected: tf.Tensor2D, state: tf.Tensor2D[], weights: RecurrentWeights): CellForward {
    const [h] = state;
    const H = h.shape[1];
    const recurrent = tf.fused.matMul({ a: h, b: weights.recurrentKernel, bias: weights.recurrentBias ?? undefined }); // (B, 3H)
    const [xGates, xCandidate] = tf.split(projected, [2 * H, H], 1);
    const [hGates, hCandidate] = tf.split(recurrent, [2 * H, H], 1) as tf.Tensor2D[];
    const rz = tf.sigmoid(tf.add(xGates, hGates)) as tf.Tensor2D; // (B, 2H)
    const [r, z] = tf.split(rz, 2, 1) as tf.Tensor2D[];
    const n = tf.tanh(tf.add(xCandidate, tf.mul(r, hCandidate))) as tf.Tensor2D;
    const hNext = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // z·h + (1 − z)·n
    return { state: [hNext], saved: [r, z, rz, n, hCandidate] };
  },

  backward(dState: tf.Tensor2D[], saved: tf.Tensor2D[], previousState: tf.Tensor2D[], recurrentKernelT: tf.Tensor2D): CellBackward {
    const [dh] = dState;
    const [r, z, rz, n, hCandidate] = saved;
    const [hPrevious] = previousState;
    const dn = tf.mul(dh, tf.sub(1, z));
    const dUpdateGate = tf.mul(dh, tf.sub(hPrevious, n));
    const dCandidate = tf.mul(dn, tf.sub(1, tf.square(n))) as tf.Tensor2D; // through tanh
    const dResetGate = tf.mul(dCandidate, hCandidate);
    const dhCandidate = tf.mul(dCandidate, r);
    const dGates = tf.mul(tf.concat([dResetGate, dUpdateGate], 1), tf.mul(rz, tf.sub(1, rz))); // through σ
    const dProjected = tf.concat([dGates, dCandidate], 1) as tf.Tensor2D;
    const dRecurrent = tf.concat([dGates, dhCandidate], 1) as tf.Tensor2D;
    const dhPrevious = tf.add(tf.mul(dh, z), tf.matMul(dRecurrent, recurrentKernelT)) as tf.Tensor2D;
    return { dProjected, dRecurrent, dPreviousState: [dhPrevious] };
  },
};
