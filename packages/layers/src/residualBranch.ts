import * as tf from '@tensorflow/tfjs';
import { dropoutIfTraining } from './dropoutIfTraining';

/** Where a transformer block puts its layer norms. */
export type NormPlacement = 'post' | 'pre';

export const NORM_PLACEMENTS: readonly NormPlacement[] = ['post', 'pre'];

/**
 * One residual sub-layer of a transformer block, on rows (N, d):
 * - `'post'` (Vaswani et al.): LayerNorm(x + Dropout(SubLayer(x)))
 * - `'pre'` (GPT-2 and later): x + Dropout(SubLayer(LayerNorm(x)))
 */
export function residualBranch(
  x: tf.Tensor2D,
  norm: tf.layers.Layer,
  placement: NormPlacement,
  subLayer: (h: tf.Tensor2D) => tf.Tensor2D,
  dropout: number,
  training: boolean | undefined,
): tf.Tensor2D {
  if (placement === 'pre') {
    return tf.add(x, dropoutIfTraining(subLayer(norm.apply(x) as tf.Tensor2D), dropout, training));
  }
  return norm.apply(tf.add(x, dropoutIfTraining(subLayer(x), dropout, training))) as tf.Tensor2D;
}

/** keyDim for a block: the given one, or the feature size split evenly over the heads. */
export function headSize(label: string, features: number, numHeads: number, keyDim: number | null): number {
  if (keyDim !== null) return keyDim;
  if (features % numHeads !== 0) {
    throw new Error(`${label}: the feature size ${features} is not divisible by numHeads ${numHeads}; pass keyDim explicitly`);
  }
  return features / numHeads;
}
