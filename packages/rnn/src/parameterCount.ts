import { gatesOf, RNN_CELL_TYPES, type RnnCellType } from './RnnCellType';
import type { RnnLanguageModelConfig } from './RnnLanguageModel';

/** Parameters of one LSTM/GRU layer: kernel, recurrent kernel, bias (and the GRU's recurrent bias). */
export function recurrentLayerParams(cell: RnnCellType, inputDim: number, units: number): number {
  const G = gatesOf(cell);
  return G * (inputDim * units + units * units + units) + (cell === 'gru' ? G * units : 0);
}

/** Parameters of an `RnnLanguageModel` with this config, without building it. */
export function rnnLanguageModelParams(config: RnnLanguageModelConfig): number {
  const cell = config.cell ?? 'lstm';
  const V = config.vocabSize;
  const H = config.hiddenSize;
  const E = config.embedDim ?? H;
  const layers = config.numLayers ?? 2;
  let total = V * E + H * V + V; // embedding, head kernel and bias
  for (let i = 0; i < layers; i++) total += recurrentLayerParams(cell, i === 0 ? E : H, H);
  return total;
}

/** Options of {@link matchRnnLanguageModelSize}. */
export interface MatchRnnSizeOptions {
  /** `'lstm'` or `'gru'`. */
  cell: RnnCellType;
  /** The vocabulary both models share. */
  vocabSize: number;
  /** The parameter count to match, e.g. a GPT's `countParams()`. */
  targetParams: number;
  /** Recurrent layers. Default 2. */
  numLayers?: number;
  /** A fixed embedding width; default: the same as the hidden size (which is then searched for both). */
  embedDim?: number;
  /** Largest accepted |params − target| / target. Default 0.1 (10 %). */
  tolerance?: number;
}

/** What {@link matchRnnLanguageModelSize} found. */
export interface MatchedRnnSize {
  /** A config for `new RnnLanguageModel(config)`. */
  config: RnnLanguageModelConfig;
  /** Its parameter count. */
  params: number;
  /** (params − target) / target. */
  relativeError: number;
}

/**
 * The hidden size that brings an RNN language model closest to a parameter budget, so
 * that it can be compared fairly with a transformer of the same size: the count grows as
 * G·(2·layers)·H² + …, so every budget large enough for H = 1 has a size within a few per
 * cent. Throws if the closest is off by more than `tolerance`.
 *
 * @example
 * const { config } = matchRnnLanguageModelSize({ cell: 'lstm', vocabSize: 65, targetParams: gpt.countParams() });
 * const lstm = new RnnLanguageModel(config);
 */
export function matchRnnLanguageModelSize(options: MatchRnnSizeOptions): MatchedRnnSize {
  const { cell, vocabSize, targetParams } = options;
  const numLayers = options.numLayers ?? 2;
  const tolerance = options.tolerance ?? 0.1;
  if (!RNN_CELL_TYPES.includes(cell)) throw new Error(`expected cell to be one of ${RNN_CELL_TYPES.join(', ')}, got ${JSON.stringify(cell)}`);
  if (!(targetParams > 0)) throw new Error(`expected a positive targetParams, got ${targetParams}`);
  const configFor = (H: number): RnnLanguageModelConfig => ({ cell, vocabSize, hiddenSize: H, numLayers, ...(options.embedDim === undefined ? {} : { embedDim: options.embedDim }) });
  // The count increases with H, so bisect for the first H at or above the target, then take the closer neighbour.
  let lo = 1;
  let hi = 1;
  while (rnnLanguageModelParams(configFor(hi)) < targetParams) {
    hi *= 2;
    if (hi > 1 << 20) throw new Error(`no hidden size up to ${1 << 20} reaches ${targetParams} parameters`);
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rnnLanguageModelParams(configFor(mid)) < targetParams) lo = mid + 1;
    else hi = mid;
  }
  const candidates = [lo - 1, lo].filter((H) => H >= 1);
  const best = candidates.reduce((a, b) => (Math.abs(rnnLanguageModelParams(configFor(b)) - targetParams) < Math.abs(rnnLanguageModelParams(configFor(a)) - targetParams) ? b : a));
  const params = rnnLanguageModelParams(configFor(best));
  const relativeError = (params - targetParams) / targetParams;
  if (Math.abs(relativeError) > tolerance) {
    throw new Error(
      `cannot size a ${numLayers}-layer ${cell} over a vocabulary of ${vocabSize} to ${targetParams} parameters within ${(tolerance * 100).toFixed(0)} %: ` +
        `the closest, hidden size ${best}, has ${params} (${(relativeError * 100).toFixed(1)} %)`,
    );
  }
  return { config: configFor(best), params, relativeError };
}
