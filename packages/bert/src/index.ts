export { BertClassifier } from './BertClassifier';
export type { InferenceOptions } from './BertClassifier';
export { BERT_PRESETS, resolveBertConfig, checkBertConfig } from './BertClassifierConfig';
export type { BertClassifierConfig, BertClassifierOptions, BertPresetName } from './BertClassifierConfig';
export { buildBertGraph, BERT_LAYER_NAMES } from './buildBertGraph';
export type { BertGraph } from './buildBertGraph';
export { loadBertClassifier, loadEncoderWeights, isEncoderWeight } from './loadBertClassifier';
export { BERT_CLASSIFIER_FILES, BERT_CLASSIFIER_FORMAT, BERT_MLM_FORMAT, bertConfigRecord, readBertConfigRecord } from './bertClassifierFiles';
export type { BertConfigRecord } from './bertClassifierFiles';
export { bertInputIds, bertInputLength } from './bertInputs';
export { seedInitialWeights } from './seedInitialWeights';

export { fitBertClassifier } from './fitBertClassifier';
export type { FitBertClassifierOptions, FitBertClassifierResult, ValidationRecord } from './fitBertClassifier';
export { classifierLoss, classifierTrainable, lossFromLogits } from './classifierLoss';
export { classifierTrainBatches, classifierEvalBatches } from './classifierBatches';
export type { ClassifierBatch, ClassifierTrainBatches, ClassifierTrainBatchesOptions } from './classifierBatches';
export { checkClassLabels } from './checkClassLabels';

export { MaskedLMHead } from './MaskedLMHead';
export type { MaskedLMHeadArgs } from './MaskedLMHead';
export { MlmMasker } from './MlmMasker';
export type { MaskedBatch, MlmMaskerOptions } from './MlmMasker';
export { maskedLMTrainBatches, maskedLMEvalBatches } from './maskedLMBatches';
export type { MaskedLMBatch, MaskedLMBatchOptions, MaskedLMTrainBatches } from './maskedLMBatches';
export { pretrainMaskedLM } from './pretrainMaskedLM';
export type { MaskedLMRecord, PretrainMaskedLMOptions, PretrainMaskedLMResult } from './pretrainMaskedLM';

export { evaluateBertClassifier } from './evaluateBertClassifier';
export type { EvaluateOptions, LabelledText } from './evaluateBertClassifier';
export { accuracy, precision, recall, f1Score } from './classificationMetrics';
export type { AveragingOptions } from './classificationMetrics';
export { rocAuc } from './rocAuc';
export { confusionMatrix } from './confusionMatrix';
export { classificationReport, formatClassificationReport } from './classificationReport';
export type { ClassificationReport, ClassificationReportInput } from './classificationReport';
export { trainClassifierTokenizer } from './trainClassifierTokenizer';
export type { ClassifierTokenizerOptions } from './trainClassifierTokenizer';
export type { TrainingBudgetOptions } from './trainingBudgetOptions';
