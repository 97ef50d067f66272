// Importing this package registers LanguageModelHead (and, through @tfzoo/layers, the
// transformer layers) with tf.serialization, so tf.loadLayersModel() can rebuild a GPT.
export { GPT } from './GPT';
export type { PerplexityOptions, TextScore } from './GPT';
export { GPT_DEFAULTS, GPT_PRESETS, checkGPTConfig, countGPTParameters, gptConfig } from './GPTConfig';
export type { GPTArchitecture, GPTConfig, GPTPresetName } from './GPTConfig';
export { buildGPTModel, gptLayersOf, GPT_LAYER_NAMES } from './buildGPTModel';
export type { GPTLayers } from './buildGPTModel';
export { LanguageModelHead } from './LanguageModelHead';
export type { LanguageModelHeadArgs, TokenTableSource } from './LanguageModelHead';

export { nextTokenLoss, tokenNegativeLogLikelihoods } from './nextTokenLoss';
export { languageModelTrainable } from './languageModelTrainable';
export type { FloatMatrix, GPTCheckpointConfig, LanguageModelBatch } from './languageModelTrainable';
export { trainLanguageModel } from './trainLanguageModel';
export type { LanguageModelTrainingOptions, LanguageModelTrainingResult } from './trainLanguageModel';
export { fineTune } from './fineTune';
export type { FineTuneOptions } from './fineTune';
export { fitExample, promptCompletionBatch, promptCompletionBatches } from './promptCompletionBatch';
export type { EncodedExample, PromptCompletion } from './promptCompletionBatch';

export { DEFAULT_SUPPRESSED_TOKENS, generateTokens } from './generateTokens';
export type { GenerateOptions, GeneratedToken, GenerationResult, GenerationStopReason } from './generateTokens';
export { IncrementalDecoder } from './IncrementalDecoder';
export { TokenTextStream } from './TokenTextStream';
export type { TextDelta } from './TokenTextStream';
export { Sampler, drawIndex, idsByLogit, softmaxAt } from './Sampler';
export type { UniformSource } from './Sampler';
export { GreedySampler } from './GreedySampler';
export { RandomSampler } from './RandomSampler';
export { TopKSampler } from './TopKSampler';
export { TopPSampler } from './TopPSampler';
export { createSampler, samplerFor, SAMPLER_NAMES } from './createSampler';
export type { SamplerName, SamplerOptions } from './createSampler';

export { saveGPT } from './saveGPT';
export type { SaveGPTOptions } from './saveGPT';
export { loadGPT, readGPTIndex, RUN_MODEL_FOLDER } from './loadGPT';
export { GPT_FILES, GPT_FORMAT, GPT_FORMAT_VERSION } from './gptFolderFormat';
export type { GPTFolderIndex } from './gptFolderFormat';
