// Importing this package registers its layers and initializer with tf.serialization.
export { RnnLanguageModel, disposeStep } from './RnnLanguageModel';
export type { RnnLanguageModelBatch, RnnLanguageModelConfig, ResolvedRnnLanguageModelConfig, RnnGenerateOptions, RnnStepResult } from './RnnLanguageModel';
export { RnnClassifier } from './RnnClassifier';
export type { RnnClassifierConfig, ResolvedRnnClassifierConfig, RnnPooling } from './RnnClassifier';
export { RnnSeq2Seq } from './RnnSeq2Seq';
export type { RnnSeq2SeqConfig, ResolvedRnnSeq2SeqConfig, RnnTranslateOptions } from './RnnSeq2Seq';

export { matchRnnLanguageModelSize, rnnLanguageModelParams, recurrentLayerParams } from './parameterCount';
export type { MatchRnnSizeOptions, MatchedRnnSize } from './parameterCount';

export { RecurrentStack, disposeRecurrentState } from './RecurrentStack';
export type { RecurrentStackArgs, RecurrentStackOutput, RecurrentState } from './RecurrentStack';
export { RecurrentLayer } from './RecurrentLayer';
export type { RecurrentCallOptions, RecurrentLayerArgs, RecurrentResult } from './RecurrentLayer';
export { LstmLayer } from './LstmLayer';
export type { LstmLayerArgs } from './LstmLayer';
export { GruLayer } from './GruLayer';
export type { GruLayerArgs } from './GruLayer';
export { lstmCell } from './lstmCell';
export { gruCell } from './gruCell';
export type { RecurrentCell, RecurrentWeights, CellForward, CellBackward } from './RecurrentCell';
export { recurrentScan } from './recurrentScan';
export type { ScanInputs } from './recurrentScan';
export { createRecurrentLayer, RNN_CELL_TYPES } from './RnnCellType';
export type { RnnCellType } from './RnnCellType';

export { HouseholderOrthogonal } from './HouseholderOrthogonal';
export type { HouseholderOrthogonalArgs } from './HouseholderOrthogonal';
export { orthogonalMatrix } from './orthogonalMatrix';
export { sparseCrossEntropy } from './sparseCrossEntropy';
export { sampleToken, argMax } from './sampleToken';
export type { SamplingOptions } from './sampleToken';
export { timeMajorIds, transposeIntMatrix } from './timeMajor';
