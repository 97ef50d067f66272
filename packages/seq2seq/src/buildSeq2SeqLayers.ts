import * as tf from '@tensorflow/tfjs';
import { LayerNorm, TokenAndPositionEmbedding, TransformerDecoderBlock, TransformerEncoderBlock, type InitializerSpec } from '@tfzoo/layers';
import type { Seq2SeqConfig } from './Seq2SeqConfig';

/**
 * Layer names of a Seq2SeqTransformer. Saved weights and checkpoints match by them
 * (`decoder_1/cross_attention/key_value/kernel`), so they never change.
 */
export const SEQ2SEQ_LAYER_NAMES = {
  sourceEmbedding: 'source_embedding',
  targetEmbedding: 'target_embedding',
  /** The one embedding of a model with shareEmbeddings. */
  sharedEmbedding: 'shared_embedding',
  /** Encoder block i is `encoder_<i>`. */
  encoderBlock: (i: number) => `encoder_${i}`,
  /** Decoder block i is `decoder_<i>`. */
  decoderBlock: (i: number) => `decoder_${i}`,
  encoderFinalNorm: 'encoder_final_layer_norm',
  decoderFinalNorm: 'decoder_final_layer_norm',
  /** The untied output projection (dModel → targetVocabSize, with bias). */
  outputProjection: 'output_projection',
} as const;

/** The layers of a Seq2SeqTransformer, built, for code that runs them one by one. */
export interface Seq2SeqLayers {
  /** Source ids → (B, S, d); the same object as targetEmbedding with shareEmbeddings. */
  sourceEmbedding: TokenAndPositionEmbedding;
  /** Target ids → (B, U, d). */
  targetEmbedding: TokenAndPositionEmbedding;
  encoderBlocks: TransformerEncoderBlock[];
  /** The last layer norm of a pre-norm encoder; null for post-norm (each block ends in one). */
  encoderFinalNorm: LayerNorm | null;
  decoderBlocks: TransformerDecoderBlock[];
  /** The last layer norm of a pre-norm decoder; null for post-norm. */
  decoderFinalNorm: LayerNorm | null;
  /** The untied output projection, or null when it is the target token table (tieOutputEmbeddings). */
  outputProjection: tf.layers.Layer | null;
}

/**
 * Builds every layer of the model for `config`, eagerly (each is applied once to a
 * one-token dummy input, inside its name scope, so weights get their stable names).
 *
 * Initialisation: dense kernels Glorot-uniform (the tf.layers and keras-hub default); token
 * tables normal(0, dModel^−½) with the embeddings scaled by √dModel (Vaswani et al. §3.4,
 * as fairseq), so scaled token vectors and sinusoidal positions have entries of size ~1
 * and a tied output projection starts with logits of size ~1. `seed` makes the weights
 * reproducible (each layer gets its own seed derived from it).
 */
export function buildSeq2SeqLayers(config: Seq2SeqConfig, seed?: number): Seq2SeqLayers {
  const names = SEQ2SEQ_LAYER_NAMES;
  const d = config.dModel;
  let seedCount = 0;
  const seeded = (className: string, extra: tf.serialization.ConfigDict = {}): InitializerSpec => ({
    className,
    config: seed === undefined ? extra : { ...extra, seed: seed + 7919 * seedCount++ },
  });
  const embedding = (name: string, vocabSize: number, maxLength: number) =>
    new TokenAndPositionEmbedding({
      name,
      vocabSize,
      maxLength,
      embedDim: d,
      positional: config.positional,
      scaleTokenEmbeddings: true,
      embeddingsInitializer: seeded('RandomNormal', { mean: 0, stddev: 1 / Math.sqrt(d) }),
      // Ids are checked on the host before every forward pass, without a device read.
      validateIds: false,
    });
  const blockArgs = (name: string) => ({
    name,
    numHeads: config.numHeads,
    intermediateDim: config.ffDim,
    dropout: config.dropout,
    activation: config.activation,
    norm: config.norm,
    kernelInitializer: seeded('GlorotUniform'),
  });

  // Each layer is built by one call on a zero input (the tidy frees the inputs and outputs; weights are variables, which tidy keeps).
  const build = (layer: tf.layers.Layer, inputs: () => tf.Tensor | tf.Tensor[]) => tf.tidy(() => void layer.apply(inputs()));
  const x = () => tf.zeros([1, 1, d]);
  const mask = () => tf.ones([1, 1]);

  let sourceEmbedding: TokenAndPositionEmbedding;
  let targetEmbedding: TokenAndPositionEmbedding;
  if (config.shareEmbeddings) {
    sourceEmbedding = targetEmbedding = embedding(names.sharedEmbedding, config.targetVocabSize, Math.max(config.maxSourceLength, config.maxTargetLength));
  } else {
    sourceEmbedding = embedding(names.sourceEmbedding, config.sourceVocabSize, config.maxSourceLength);
    targetEmbedding = embedding(names.targetEmbedding, config.targetVocabSize, config.maxTargetLength);
  }
  build(sourceEmbedding, () => tf.zeros([1, 1], 'int32'));
  build(targetEmbedding, () => tf.zeros([1, 1], 'int32'));

  const encoderBlocks = Array.from({ length: config.encoderLayers }, (_, i) => {
    const block = new TransformerEncoderBlock(blockArgs(names.encoderBlock(i)));
    build(block, () => [x(), mask()]);
    return block;
  });
  const decoderBlocks = Array.from({ length: config.decoderLayers }, (_, i) => {
    const block = new TransformerDecoderBlock(blockArgs(names.decoderBlock(i)));
    build(block, () => [x(), x(), mask()]); // [target, encoder output, source mask]: builds the cross-attention
    return block;
  });
  const finalNorm = (name: string) => {
    const norm = new LayerNorm({ name });
    build(norm, x);
    return norm;
  };
  const encoderFinalNorm = config.norm === 'pre' ? finalNorm(names.encoderFinalNorm) : null;
  const decoderFinalNorm = config.norm === 'pre' ? finalNorm(names.decoderFinalNorm) : null;
  let outputProjection: tf.layers.Layer | null = null;
  if (!config.tieOutputEmbeddings) {
    outputProjection = tf.layers.dense({
      name: names.outputProjection,
      units: config.targetVocabSize,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed === undefined ? undefined : seed + 7919 * seedCount++ }),
    });
    build(outputProjection, () => tf.zeros([1, d]));
  }
  return { sourceEmbedding, targetEmbedding, encoderBlocks, encoderFinalNorm, decoderBlocks, decoderFinalNorm, outputProjection };
}

/** Every weight of the layers, each once (a shared embedding is listed once), in a fixed order. */
export function seq2seqWeights(layers: Seq2SeqLayers): tf.LayerVariable[] {
  const all: tf.layers.Layer[] = [
    layers.sourceEmbedding,
    ...(layers.targetEmbedding === layers.sourceEmbedding ? [] : [layers.targetEmbedding]),
    ...layers.encoderBlocks,
    ...(layers.encoderFinalNorm ? [layers.encoderFinalNorm] : []),
    ...layers.decoderBlocks,
    ...(layers.decoderFinalNorm ? [layers.decoderFinalNorm] : []),
    ...(layers.outputProjection ? [layers.outputProjection] : []),
  ];
  return all.flatMap((l) => l.weights);
}
