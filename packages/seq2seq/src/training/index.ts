export { trainSeq2Seq } from './trainSeq2Seq';
export type { Seq2SeqTrainingOptions, Seq2SeqTrainingResult } from './trainSeq2Seq';
export { fitTranslator } from './fitTranslator';
export type { FitTranslatorOptions, FitTranslatorResult, TranslatorTokenizers } from './fitTranslator';
export { evaluateTranslations } from './evaluateTranslations';
export type { TranslationScores } from './evaluateTranslations';
export { translationAttentionSvg } from './attentionSvg';
export type { TranslationAttentionSvgOptions } from './attentionSvg';
