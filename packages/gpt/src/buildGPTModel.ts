import * as tf from '@tensorflow/tfjs';
import { LayerNorm, TokenAndPositionEmbedding, TransformerDecoderBlock } from '@tfzoo/layers';
import type { GPTConfig } from './GPTConfig';
import { LanguageModelHead } from './LanguageModelHead';

/**
 * Layer names of a GPT. Checkpoints and saved models match weights by these names
 * (`decoder_2/self_attention/query_key_value/kernel`), so they never change.
 */
export const GPT_LAYER_NAMES = {
  input: 'token_ids',
  embedding: 'embedding',
  embeddingDropout: 'embedding_dropout',
  /** Block i is `decoder_<i>`. */
  block: (i: number) => `decoder_${i}`,
  finalNorm: 'final_layer_norm',
  head: 'lm_head',
} as const;

/** GPT-2's initialisation: every kernel and embedding table from normal(0, 0.02). */
const GPT2_INIT = { className: 'RandomNormal', config: { mean: 0, stddev: 0.02 } };

/** The layers of a GPT, for code that runs them one by one (cached generation). */
export interface GPTLayers {
  embedding: TokenAndPositionEmbedding;
  blocks: TransformerDecoderBlock[];
  /** The final layer norm of a pre-norm model; null for post-norm (each block already ends in a norm). */
  finalNorm: LayerNorm | null;
  head: LanguageModelHead;
}

/**
 * Builds a GPT as a functional `tf.LayersModel`: token ids (B, T) int32 → logits (B, T, vocabSize).
 *
 *     token_ids → embedding (tokens + positions) → embedding_dropout
 *               → decoder_0 … decoder_{nLayer−1}   (causal self-attention + feed-forward)
 *               → final_layer_norm                 (pre-norm only)
 *               → lm_head                          (W_o h + b_o; W_o = Eᵀ when tied)
 *
 * The model is an ordinary LayersModel (summary, save, predict all work); `layers` gives
 * the same layer objects for code that calls them directly.
 */
export function buildGPTModel(config: GPTConfig): { model: tf.LayersModel; layers: GPTLayers } {
  const names = GPT_LAYER_NAMES;
  const ids = tf.input({ name: names.input, shape: [null], dtype: 'int32' });
  const embedding = new TokenAndPositionEmbedding({
    name: names.embedding,
    vocabSize: config.vocabSize,
    maxLength: config.blockSize,
    embedDim: config.nEmbd,
    positional: config.positional,
    embeddingsInitializer: GPT2_INIT,
  });
  let x = embedding.apply(ids) as tf.SymbolicTensor; // (B, T, D)
  x = tf.layers.dropout({ name: names.embeddingDropout, rate: config.dropout }).apply(x) as tf.SymbolicTensor;
  const blocks: TransformerDecoderBlock[] = [];
  for (let i = 0; i < config.nLayer; i++) {
    const block = new TransformerDecoderBlock({
      name: names.block(i),
      numHeads: config.nHead,
      intermediateDim: 4 * config.nEmbd,
      dropout: config.dropout,
      activation: config.activation,
      norm: config.norm,
      kernelInitializer: GPT2_INIT,
    });
    x = block.apply(x) as tf.SymbolicTensor;
    blocks.push(block);
  }
  let finalNorm: LayerNorm | null = null;
  if (config.norm === 'pre') {
    finalNorm = new LayerNorm({ name: names.finalNorm });
    x = finalNorm.apply(x) as tf.SymbolicTensor;
  }
  const head = new LanguageModelHead({ name: names.head, vocabSize: config.vocabSize, tied: config.tieEmbeddings });
  if (config.tieEmbeddings) head.tieTo(embedding);
  const logits = head.apply(x) as tf.SymbolicTensor; // (B, T, V)
  const model = tf.model({ name: 'gpt', inputs: ids, outputs: logits });
  return { model, layers: { embedding, blocks, finalNorm, head } };
}

/**
 * The layers of a GPT LayersModel (built here or by `tf.loadLayersModel`), found by name;
 * connects a tied head to the embedding table. Throws naming the first missing layer.
 */
export function gptLayersOf(model: tf.LayersModel, config: GPTConfig): GPTLayers {
  const get = <L>(name: string, cls: abstract new (...args: never[]) => L): L => {
    let layer: tf.layers.Layer;
    try {
      layer = model.getLayer(name);
    } catch {
      throw new Error(`model '${model.name}' is not a GPT of this config: it has no layer '${name}'`);
    }
    if (!(layer instanceof (cls as unknown as new () => object))) {
      throw new Error(`model '${model.name}': layer '${name}' is a ${layer.getClassName()}, expected ${(cls as unknown as { name: string }).name}`);
    }
    return layer as L;
  };
  const embedding = get(GPT_LAYER_NAMES.embedding, TokenAndPositionEmbedding);
  const blocks = Array.from({ length: config.nLayer }, (_, i) => get(GPT_LAYER_NAMES.block(i), TransformerDecoderBlock));
  const finalNorm = config.norm === 'pre' ? get(GPT_LAYER_NAMES.finalNorm, LayerNorm) : null;
  const head = get(GPT_LAYER_NAMES.head, LanguageModelHead);
  if (head.tied) head.tieTo(embedding);
  return { embedding, blocks, finalNorm, head };
}
