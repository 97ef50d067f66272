import * as tf from '@tensorflow/tfjs';

/** The recurrent weights a cell's step reads: U and, for the GRU, the recurrent bias. */
export interface RecurrentWeights {
  /** (units, gates·units) */
  recurrentKernel: tf.Tensor2D;
  /** (gates·units), or null for cells without one (LSTM). */
  recurrentBias: tf.Tensor1D | null;
}

/** What one forward step returns. */
export interface CellForward {
  /** The next state ([h] or [h, c]); its first tensor is the step's output. */
  state: tf.Tensor2D[];
  /** Tensors the backward step needs (gate activations), `savedCount` of them. */
  saved: tf.Tensor2D[];
}

/** What one backward step returns. */
export interface CellBackward {
  /** Gradient of the loss with respect to the step's input projection x_t·W + b: (B, gates·units). */
  dProjected: tf.Tensor2D;
  /** Gradient with respect to the recurrent projection h·U (+ recurrent bias): (B, gates·units). */
  dRecurrent: tf.Tensor2D;
  /** Gradients with respect to the previous state, each (B, units). */
  dPreviousState: tf.Tensor2D[];
}

/**
 * The arithmetic of one recurrent cell, forward and backward, written with tf ops.
 * `recurrentScan` runs it over a sequence and supplies the weight gradients as whole-
 * sequence products, so a cell only differentiates its element-wise gate algebra.
 */
export interface RecurrentCell {
  /** Gates per step: the projections are (B, gates·units). */
  readonly gates: number;
  /** Number of state tensors: 2 for the LSTM ([h, c]), 1 for the GRU ([h]). */
  readonly stateSize: number;
  /** Number of tensors `forward` saves for `backward`. */
  readonly savedCount: number;
  /** Whether the cell has a recurrent bias (added to h·U inside the step). */
  readonly hasRecurrentBias: boolean;
  /** One step: `projected` = x_t·W + b (B, gates·units), `state` the previous state. */
  forward(projected: tf.Tensor2D, state: tf.Tensor2D[], weights: RecurrentWeights): CellForward;
  /**
   * The gradients of one step, given the gradients with respect to its new state
   * (`dState`), what `forward` saved, the state it started from and Uᵀ (units·gates, units).
   */
  backward(dState: tf.Tensor2D[], saved: tf.Tensor2D[], previousState: tf.Tensor2D[], recurrentKernelT: tf.Tensor2D): CellBackward;
}
