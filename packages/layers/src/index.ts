// Importing this package registers every layer with tf.serialization, so
// tf.loadLayersModel() can rebuild saved models that use them.
export { CompositeLayer } from './CompositeLayer';
export type { BaseLayerArgs } from './CompositeLayer';

export { MultiHeadAttention } from './MultiHeadAttention';
export type { AttentionResult, MultiHeadAttentionArgs, MultiHeadAttentionCallOptions } from './MultiHeadAttention';
export { disposeAttentionCache, disposeDecoderBlockCache } from './AttentionCache';
export type { AttentionCache, DecoderBlockCache } from './AttentionCache';

export { SinusoidalPositionalEncoding } from './SinusoidalPositionalEncoding';
export type { SinusoidalPositionalEncodingArgs } from './SinusoidalPositionalEncoding';
export { PositionEmbedding } from './PositionEmbedding';
export type { PositionEmbeddingArgs } from './PositionEmbedding';
export type { PositionCallOptions } from './PositionCallOptions';
export { TokenAndPositionEmbedding } from './TokenAndPositionEmbedding';
export type { PositionalKind, TokenAndPositionEmbeddingArgs } from './TokenAndPositionEmbedding';
export { sinusoidalEncoding } from './sinusoidalEncoding';
export { checkTokenIds } from './checkTokenIds';

export { FeedForward, FEED_FORWARD_ACTIVATIONS } from './FeedForward';
export type { FeedForwardActivation, FeedForwardArgs, FeedForwardCallOptions } from './FeedForward';
export { gelu } from './gelu';
export { LayerNorm } from './LayerNorm';
export type { LayerNormArgs } from './LayerNorm';

export { TransformerEncoderBlock } from './TransformerEncoderBlock';
export type { EncoderBlockAttention, TransformerBlockCallOptions, TransformerEncoderBlockArgs } from './TransformerEncoderBlock';
export { TransformerDecoderBlock } from './TransformerDecoderBlock';
export type { DecoderBlockAttention, TransformerDecoderBlockArgs } from './TransformerDecoderBlock';
export type { NormPlacement } from './residualBranch';

export { MaskedMeanPooling } from './MaskedMeanPooling';
export type { MaskedMeanPoolingArgs } from './MaskedMeanPooling';
export { PaddingMaskLayer } from './PaddingMaskLayer';
export type { PaddingMaskLayerArgs } from './PaddingMaskLayer';
export { causalMask } from './causalMask';
export { paddingMask } from './paddingMask';

export type { InitializerArg, InitializerSpec } from './initializerSpec';
