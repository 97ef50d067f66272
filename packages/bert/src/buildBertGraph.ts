import * as tf from '@tensorflow/tfjs';
import { LayerNorm, MaskedMeanPooling, PaddingMaskLayer, TokenAndPositionEmbedding, TransformerEncoderBlock } from '@tfzoo/layers';
import type { BertClassifierConfig } from './BertClassifierConfig';

/**
 * The symbolic graph of a BERT classifier, built once from its config. The models below
 * share these layers, so training one (MLM pre-training on `hidden`) trains the others.
 */
export interface BertGraph {
  /** int32 token ids (B, T), T ≤ maxLength, PAD = 0. */
  ids: tf.SymbolicTensor;
  /** (B, T) float mask: 1 on real tokens, 0 on PAD. */
  mask: tf.SymbolicTensor;
  /** (B, T, d) the encoder's output. */
  hidden: tf.SymbolicTensor;
  /** (B, d) mean of `hidden` over real tokens. */
  pooled: tf.SymbolicTensor;
  /** (B, 1) for two classes (sigmoid logit) or (B, C) (softmax logits). */
  logits: tf.SymbolicTensor;
  /** The embedding layer, whose token table the MLM head reuses (weight tying). */
  embedding: TokenAndPositionEmbedding;
}

/**
 * Layer names, fixed because checkpoints and saved classifiers match weights by name
 * (`encoder_0/self_attention/query_key_value/kernel`, `classifier/kernel`, …).
 */
export const BERT_LAYER_NAMES = {
  ids: 'token_ids',
  mask: 'padding_mask',
  embeddings: 'embeddings',
  embeddingsNorm: 'embeddings_layer_norm',
  embeddingsDropout: 'embeddings_dropout',
  encoder: (i: number) => `encoder_${i}`,
  finalNorm: 'final_layer_norm',
  pooling: 'pooling',
  classifierDropout: 'classifier_dropout',
  classifier: 'classifier',
} as const;

/**
 * Builds the classifier graph: token + position embeddings, `numLayers` bidirectional
 * encoder blocks whose attention ignores PAD keys, masked mean pooling, dropout, and one
 * dense layer giving logits (the sigmoid/softmax is applied by the caller, so the loss
 * can work on logits, which is numerically stable).
 */
export function buildBertGraph(config: BertClassifierConfig): BertGraph {
  const names = BERT_LAYER_NAMES;
  // T is left open: batches are padded to their longest row, not to maxLength.
  const ids = tf.input({ shape: [null], dtype: 'int32', name: names.ids });
  const mask = new PaddingMaskLayer({ name: names.mask }).apply(ids) as tf.SymbolicTensor;
  const embedding = new TokenAndPositionEmbedding({
    name: names.embeddings,
    vocabSize: config.vocabSize,
    maxLength: config.maxLength,
    embedDim: config.hiddenSize,
    positional: config.positional,
  });
  let x = embedding.apply(ids) as tf.SymbolicTensor; // (B, T, d)
  // BERT normalises the summed embeddings; a pre-norm stack normalises inside each block instead.
  if (config.norm === 'post') x = new LayerNorm({ name: names.embeddingsNorm }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ name: names.embeddingsDropout, rate: config.dropout }).apply(x) as tf.SymbolicTensor;
  for (let i = 0; i < config.numLayers; i++) {
    const block = new TransformerEncoderBlock({
      name: names.encoder(i),
      numHeads: config.numHeads,
      intermediateDim: config.intermediateSize,
      dropout: config.dropout,
      activation: config.activation,
      norm: config.norm,
    });
    x = block.apply([x, mask]) as tf.SymbolicTensor;
  }
  if (config.norm === 'pre') x = new LayerNorm({ name: names.finalNorm }).apply(x) as tf.SymbolicTensor;
  const hidden = x;
  const pooled = new MaskedMeanPooling({ name: names.pooling }).apply([hidden, mask]) as tf.SymbolicTensor; // (B, d)
  const dropped = tf.layers.dropout({ name: names.classifierDropout, rate: config.classifierDropout }).apply(pooled) as tf.SymbolicTensor;
  const units = config.numClasses === 2 ? 1 : config.numClasses;
  const logits = tf.layers.dense({ name: names.classifier, units, kernelInitializer: 'glorotUniform' }).apply(dropped) as tf.SymbolicTensor;
  return { ids, mask, hidden, pooled, logits, embedding };
}
