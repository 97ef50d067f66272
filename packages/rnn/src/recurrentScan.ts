import * as tf from '@tensorflow/tfjs';
import type { RecurrentCell, RecurrentWeights } from './RecurrentCell';

/** The tensors {@link recurrentScan} runs a cell over. */
export interface ScanInputs {
  /** (T·B, D) time-major: rows t·B … t·B + B − 1 are step t. */
  x: tf.Tensor2D;
  /** T. */
  steps: number;
  /** W: (D, gates·units). */
  kernel: tf.Tensor2D;
  /** b: (gates·units). */
  bias: tf.Tensor1D;
  /** U: (units, gates·units). */
  recurrentKernel: tf.Tensor2D;
  /** (gates·units) for cells that have one (GRU), else null. */
  recurrentBias: tf.Tensor1D | null;
  /** The starting state, `cell.stateSize` tensors of (B, units). */
  initialState: tf.Tensor2D[];
  /** (T·B, 1) time-major, 1 = real step, 0 = padding (state carried over); null when unpadded. */
  mask: tf.Tensor2D | null;
}

/**
 * Runs a recurrent cell over a time-major sequence, with a hand-written backward pass
 * (backpropagation through time) registered through `tf.customGrad`.
 *
 * Returns one (T·B + (stateSize − 1)·B, units) tensor: the outputs h_0 … h_{T−1}
 * time-major, then the final values of the other state tensors (the LSTM's c_T); h_T is
 * the last output block.
 *
 * Why not let tfjs differentiate the loop:
 * - the weight gradients are whole-sequence products, dW = Xᵀ·dZ, dU = H₋₁ᵀ·dZ_rec and
 *   dX = dZ·Wᵀ, instead of T small products and T accumulations each;
 * - each step reads its slice of the projected input with `gather` (it copies one step)
 *   where `tf.split`'s wasm kernel copies the whole input for every slice, O(T²) bytes;
 * - Uᵀ is transposed once, not in every step's gradient.
 */
export function recurrentScan(cell: RecurrentCell, inputs: ScanInputs): tf.Tensor2D {
  const { x, steps, kernel, bias, recurrentKernel, recurrentBias, initialState, mask } = inputs;
  const [rows, inputDim] = x.shape;
  const units = recurrentKernel.shape[0];
  const B = rows / steps;
  const width = cell.gates * units;
  if (!Number.isInteger(B)) throw new Error(`recurrentScan: expected ${steps} steps to divide the ${rows} input rows`);
  if (kernel.shape[0] !== inputDim || kernel.shape[1] !== width) {
    throw new Error(`recurrentScan: expected a kernel of shape [${inputDim}, ${width}], got [${kernel.shape.join(', ')}]`);
  }
  if (initialState.length !== cell.stateSize) throw new Error(`recurrentScan: expected ${cell.stateSize} initial state tensor(s), got ${initialState.length}`);
  if (cell.hasRecurrentBias !== (recurrentBias !== null)) throw new Error(`recurrentScan: this cell ${cell.hasRecurrentBias ? 'needs' : 'takes no'} recurrent bias`);

  const optional = (t: tf.Tensor | null) => (t === null ? [] : [t]);
  const args: tf.Tensor[] = [x, kernel, bias, recurrentKernel, ...optional(recurrentBias), ...initialState, ...optional(mask)];

  const scan = tf.customGrad((...fArgs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = fArgs.pop() as tf.GradSaveFunc;
    const weights: RecurrentWeights = { recurrentKernel, recurrentBias };
    const projected = tf.reshape(tf.fused.matMul({ a: x, b: kernel, bias }), [steps, B, width]) as tf.Tensor3D; // (T, B, G·H)
    const masks = mask === null ? null : (tf.reshape(mask, [steps, B, 1]) as tf.Tensor3D);
    let state = initialState;
    const states: tf.Tensor2D[] = []; // the state before each step, stateSize per step
    const saved: tf.Tensor2D[] = []; // the cell's saved tensors, savedCount per step
    const stepMasks: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      states.push(...state);
      const step = cell.forward(stepOf(projected, t), state, weights);
      saved.push(...step.saved);
      let next = step.state;
      if (masks !== null) {
        const m = stepOf(masks, t); // (B, 1)
        stepMasks.push(m);
        next = next.map((s, k) => tf.add(state[k], tf.mul(m, tf.sub(s, state[k]))) as tf.Tensor2D); // padded rows keep their state
      }
      state = next;
      outputs.push(state[0]);
    }
    const value = tf.concat([...outputs, ...state.slice(1)], 0) as tf.Tensor2D;
    const previousOutputs = tf.concat([initialState[0], ...outputs.slice(0, steps - 1)], 0) as tf.Tensor2D; // h_{t−1} for every t: (T·B, H)
    // Only saved tensors outlive the forward pass (tfjs disposes its intermediates before
    // running gradients), so the inputs the gradient reads are saved too.
    save([...states, ...saved, ...stepMasks, previousOutputs, x, kernel, recurrentKernel]);

    const gradFunc = (dy: tf.Tensor, kept: tf.Tensor[]): tf.Tensor[] => {
      const S = cell.stateSize;
      const C = cell.savedCount;
      const keptStates = kept.slice(0, steps * S) as tf.Tensor2D[];
      const keptSaved = kept.slice(steps * S, steps * (S + C)) as tf.Tensor2D[];
      const keptMasks = kept.slice(steps * (S + C), steps * (S + C) + (mask === null ? 0 : steps)) as tf.Tensor2D[];
      const [keptPrevious, keptX, keptKernel, keptRecurrentKernel] = kept.slice(kept.length - 4) as tf.Tensor2D[];
      const dyBlocks = tf.reshape(dy, [steps + S - 1, B, units]) as tf.Tensor3D;
      const recurrentKernelT = tf.transpose(keptRecurrentKernel) as tf.Tensor2D; // once, not per step
      // Gradient with respect to the state after the last step: h_T's output block, then c_T's.
      let dState: tf.Tensor2D[] = Array.from({ length: S }, (_, k) => stepOf(dyBlocks, steps - 1 + k));
      const dProjected: tf.Tensor2D[] = new Array(steps);
      const dRecurrent: tf.Tensor2D[] = new Array(steps);
      for (let t = steps - 1; t >= 0; t--) {
        if (t < steps - 1) dState[0] = tf.add(dState[0], stepOf(dyBlocks, t)) as tf.Tensor2D; // h_t is also output t
        const previous = keptStates.slice(t * S, (t + 1) * S);
        let dNew = dState;
        let dCarried: tf.Tensor2D[] | null = null;
        if (mask !== null) {
          const m = keptMasks[t];
          dNew = dState.map((d) => tf.mul(m, d) as tf.Tensor2D);
          dCarried = dState.map((d, k) => tf.sub(d, dNew[k]) as tf.Tensor2D);
        }
        const back = cell.backward(dNew, keptSaved.slice(t * C, (t + 1) * C), previous, recurrentKernelT);
        dProjected[t] = back.dProjected;
        dRecurrent[t] = back.dRecurrent;
        dState = dCarried === null ? back.dPreviousState : back.dPreviousState.map((d, k) => tf.add(d, dCarried![k]) as tf.Tensor2D);
      }
      const dz = tf.concat(dProjected, 0) as tf.Tensor2D; // (T·B, G·H)
      const dzRecurrent = dRecurrent.every((d, t) => d === dProjected[t]) ? dz : (tf.concat(dRecurrent, 0) as tf.Tensor2D); // the LSTM's are the same
      const grads: tf.Tensor[] = [
        tf.matMul(dz, keptKernel, false, true), // dX = dZ·Wᵀ
        tf.matMul(keptX, dz, true, false), // dW = Xᵀ·dZ
        tf.sum(dz, 0), // db
        tf.matMul(keptPrevious, dzRecurrent, true, false), // dU = H₋₁ᵀ·dZ_rec
        ...(recurrentBias === null ? [] : [tf.sum(dzRecurrent, 0)]),
        ...dState, // the initial state's gradients
        ...(mask === null ? [] : [tf.zerosLike(mask)]),
      ];
      return grads;
    };
    return { value, gradFunc };
  });
  return scan(...args) as tf.Tensor2D;
}

/** Block t of a (T, B, n) tensor as (B, n); `gather` copies one block, `tf.slice` on wasm would copy the whole input. */
function stepOf(x: tf.Tensor3D, t: number): tf.Tensor2D {
  return tf.gather(x, t) as tf.Tensor as tf.Tensor2D;
}
