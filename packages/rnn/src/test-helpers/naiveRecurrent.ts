import * as tf from '@tensorflow/tfjs';

/** Weights of a recurrent layer as the naive references read them. */
export interface NaiveWeights {
  /** (D, G·H) */
  kernel: tf.Tensor2D;
  /** (H, G·H) */
  recurrentKernel: tf.Tensor2D;
  /** (G·H) */
  bias: tf.Tensor1D;
  /** (G·H), GRU only. */
  recurrentBias?: tf.Tensor1D;
}

/** Column block k (of width H) of a (…, G·H) matrix or vector. */
function block<T extends tf.Tensor>(m: T, k: number, H: number): T {
  return (m.rank === 1 ? tf.slice(m, [k * H], [H]) : tf.slice(m, [0, k * H], [m.shape[0], H])) as T;
}

/**
 * A textbook LSTM over batch-major x (B, T, D), one gate at a time (columns i, f, o, g),
 * differentiated by tfjs's autodiff: the reference the fast layer is tested against.
 * `mask` (B, T): padded steps keep the state. Returns outputs (B, T, H) and the final [h, c].
 */
export function naiveLstm(x: tf.Tensor3D, w: NaiveWeights, initial: [tf.Tensor2D, tf.Tensor2D], mask?: tf.Tensor2D): { outputs: tf.Tensor3D; state: tf.Tensor2D[] } {
  const [, T] = x.shape;
  const H = w.recurrentKernel.shape[0];
  let [h, c] = initial;
  const outputs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
    const gate = (k: number) => tf.add(tf.add(tf.matMul(xt, block(w.kernel, k, H)), tf.matMul(h, block(w.recurrentKernel, k, H))), block(w.bias, k, H));
    const i = tf.sigmoid(gate(0));
    const f = tf.sigmoid(gate(1));
    const o = tf.sigmoid(gate(2));
    const g = tf.tanh(gate(3));
    let cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    let hNew = tf.mul(o, tf.tanh(cNew)) as tf.Tensor2D;
    if (mask) {
      const m = tf.slice(tf.cast(mask, 'float32'), [0, t], [-1, 1]);
      cNew = tf.add(tf.mul(m, cNew), tf.mul(tf.sub(1, m), c)) as tf.Tensor2D;
      hNew = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h)) as tf.Tensor2D;
    }
    h = hNew;
    c = cNew;
    outputs.push(h);
  }
  return { outputs: tf.stack(outputs, 1) as tf.Tensor3D, state: [h, c] };
}

/**
 * A textbook GRU ("reset after", columns r, z, n) over batch-major x (B, T, D), one gate
 * at a time, differentiated by autodiff. Returns outputs (B, T, H) and the final [h].
 */
export function naiveGru(x: tf.Tensor3D, w: NaiveWeights, initial: [tf.Tensor2D], mask?: tf.Tensor2D): { outputs: tf.Tensor3D; state: tf.Tensor2D[] } {
  const [, T] = x.shape;
  const H = w.recurrentKernel.shape[0];
  let [h] = initial;
  const outputs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const xt = tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
    const xPart = (k: number) => tf.add(tf.matMul(xt, block(w.kernel, k, H)), block(w.bias, k, H));
    const hPart = (k: number) => tf.add(tf.matMul(h, block(w.recurrentKernel, k, H)), block(w.recurrentBias!, k, H));
    const r = tf.sigmoid(tf.add(xPart(0), hPart(0)));
    const z = tf.sigmoid(tf.add(xPart(1), hPart(1)));
    const n = tf.tanh(tf.add(xPart(2), tf.mul(r, hPart(2))));
    let hNew = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n)) as tf.Tensor2D;
    if (mask) {
      const m = tf.slice(tf.cast(mask, 'float32'), [0, t], [-1, 1]);
      hNew = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h)) as tf.Tensor2D;
    }
    h = hNew;
    outputs.push(h);
  }
  return { outputs: tf.stack(outputs, 1) as tf.Tensor3D, state: [h] };
}
