import * as tf from '@tensorflow/tfjs';
import { GPT_LAYER_NAMES, nextTokenLoss, type GPT, type LanguageModelBatch } from '@tfzoo/gpt';
import type { TrainableModel } from '@tfzoo/train';

/**
 * The GPT as a TrainableModel whose loss is computed on the weighted positions only:
 * the same value as `gpt.trainable()`'s weighted next-token loss for 0/1 weights
 * (Σ w·nll / Σ w), but the output layer and softmax run on the answer positions alone.
 *
 * Why: in conditional fine-tuning a few answer tokens follow a prompt of a hundred or
 * more, and the output layer (nEmbd × vocabSize per position, 4000 tokens wide here) costs
 * more than the transformer blocks of a small GPT. Running it on ~5 positions instead of
 * ~200 roughly halves a fine-tuning step on CPU. Weights must be 0 or 1 (as
 * `promptCompletionBatch` makes them).
 */
export function answerTokenTrainable(gpt: GPT): TrainableModel<LanguageModelBatch> {
  const full = gpt.trainable();
  const embeddingDropout = gpt.model.getLayer(GPT_LAYER_NAMES.embeddingDropout);
  return {
    variables: () => full.variables(),
    config: () => full.config(),
    loss(batch, { training }) {
      const [B, T] = batch.x.shape;
      const weights = batch.weights?.data;
      if (!weights) throw new Error('answerTokenTrainable: expected a batch with loss weights (answer positions 1, the rest 0)');
      const positions: number[] = [];
      const targets: number[] = [];
      for (let i = 0; i < B * T; i++) {
        if (weights[i] === 0) continue;
        if (weights[i] !== 1) throw new Error(`answerTokenTrainable: expected loss weights of 0 or 1, got ${weights[i]} at position ${i}`);
        positions.push(i);
        targets.push(batch.y.data[i]);
      }
      return tf.tidy(() => {
        if (positions.length === 0) return tf.scalar(0);
        const { embedding, blocks, finalNorm, head } = gpt.layers;
        let x = embedding.apply(tf.tensor2d(batch.x.data, [B, T], 'int32'), { training }) as tf.Tensor3D; // (B, T, D)
        x = embeddingDropout.apply(x, { training }) as tf.Tensor3D;
        for (const block of blocks) x = block.apply(x, { training }) as tf.Tensor3D;
        if (finalNorm !== null) x = finalNorm.apply(x, { training }) as tf.Tensor3D;
        const D = x.shape[2];
        const N = positions.length;
        const picked = tf.gather(tf.reshape(x, [B * T, D]), tf.tensor1d(positions, 'int32')); // (N, D)
        const logits = head.apply(tf.reshape(picked, [1, N, D]), { training }) as tf.Tensor3D; // (1, N, V)
        return nextTokenLoss(logits, tf.tensor2d(targets, [1, N], 'int32'));
      });
    },
  };
}
