import * as tf from '@tensorflow/tfjs';
import type { IntMatrix } from '@tfzoo/data';
import { layersModelVariables, LossOptions, ModelVariable, TrainableModel } from '@tfzoo/train';
import type { GPTConfig } from './GPTConfig';
import { nextTokenLoss } from './nextTokenLoss';

/** A (B, T) float matrix in row-major order, e.g. per-token loss weights. */
export interface FloatMatrix {
  data: Float32Array;
  shape: [number, number];
}

/**
 * A language-modelling batch: input ids and next-token targets, both (B, T), with
 * `y[b, t]` the token that follows `x[b, t]` (@tfzoo/data's `LmBatch` is one).
 */
export interface LanguageModelBatch {
  /** (B, T) input ids. */
  x: IntMatrix;
  /** (B, T) target ids. */
  y: IntMatrix;
  /**
   * (B, T) loss weight of each target: 1 counts, 0 ignores (prompt tokens and padding when
   * fine-tuning). Default: every target counts.
   */
  weights?: FloatMatrix | null;
}

/** What a GPT checkpoint's `model-config.json` holds: the config, marked as a GPT's. */
export interface GPTCheckpointConfig extends GPTConfig {
  architecture: 'gpt';
}

/**
 * The GPT as @tfzoo/train's `TrainableModel`: its weights under their layer names and the
 * next-token cross-entropy on a {@link LanguageModelBatch} (weighted when the batch has weights).
 */
export function languageModelTrainable(model: tf.LayersModel, config: GPTConfig): TrainableModel<LanguageModelBatch> {
  return {
    variables(): ModelVariable[] {
      return layersModelVariables(model);
    },
    loss(batch: LanguageModelBatch, { training }: LossOptions): tf.Scalar {
      return tf.tidy(() => {
        const x = tf.tensor2d(batch.x.data, batch.x.shape, 'int32');
        const y = tf.tensor2d(batch.y.data, batch.y.shape, 'int32');
        const weights = batch.weights ? tf.tensor2d(batch.weights.data, batch.weights.shape, 'float32') : null;
        const logits = model.apply(x, { training }) as tf.Tensor3D; // (B, T, V)
        return nextTokenLoss(logits, y, weights);
      });
    },
    config(): GPTCheckpointConfig {
      return { architecture: 'gpt', ...config };
    },
  };
}
