export { buildRagPrompt, resolvePromptSettings, RAG_PROMPT_DEFAULTS } from './buildRagPrompt';
export type { PromptPassage, RagPrompt, RagPromptOptions, RagPromptSettings } from './buildRagPrompt';
export { splitSentences, questionTerms, termWeights, weightedOverlap } from './sentenceSelection';
export { citePassages } from './citePassages';
export type { CitationOptions } from './citePassages';
export { decodeExtractive } from './decodeExtractive';
export type { ExtractiveDecoding, ExtractiveOptions } from './decodeExtractive';
export { scoreSpans } from './scoreSpans';
export type { ScoredSpan, SpanScoringOptions } from './scoreSpans';
export { answerSpans, syntheticQuestion, SyntheticQuestionSource } from './syntheticQuestions';
export type { AnswerSpan, SyntheticAnswerKind, SyntheticQuestion, SyntheticQuestionOptions } from './syntheticQuestions';
export { AnswerGenerator, resolveGeneratorSettings } from './AnswerGenerator';
export type {
  AnswerCallOptions,
  AnswerDecoding,
  Answerer,
  AnswerGeneratorOptions,
  AnswerGeneratorSettings,
  AnswerResult,
  Citation,
  RefusalReason,
} from './AnswerGenerator';
export { answerLoss, encodeAnswerExample } from './answerExamples';
export { answerTokenTrainable } from './answerTokenTrainable';
export type { AnswerExample, AnswerLoss, AnswerSkipReason, EncodedAnswerExample } from './answerExamples';
export { ANSWER_GPT_DEFAULTS, fineTuneAnswerGenerator } from './fineTuneAnswerGenerator';
export type { FineTuneAnswerGeneratorOptions, FineTuneAnswerGeneratorResult } from './fineTuneAnswerGenerator';
export { RagPipeline } from './RagPipeline';
export type { RagAnswer, RagPipelineOptions } from './RagPipeline';
