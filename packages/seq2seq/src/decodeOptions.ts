import type { Seq2SeqConfig } from './Seq2SeqConfig';

/** Options of `Seq2SeqTransformer.translateIds` and `Translator.translate`. */
export interface DecodeOptions {
  /** Beams kept per sentence; 1 (default) is greedy decoding. */
  beamWidth?: number;
  /**
   * α of GNMT's length penalty (Wu et al. 2016): a finished hypothesis Y scores
   * log P(Y) / ((5 + |Y|) / 6)^α, |Y| counting its tokens and EOS. 0 ranks by raw log
   * probability (favouring short outputs); larger α favours longer ones. Only beam search
   * uses it. Default 0.6.
   */
  lengthPenalty?: number;
  /**
   * Most tokens per output, EOS excluded; a hypothesis still open then is cut there.
   * Default maxTargetLength − 1 (the longest target the model was trained on); at most
   * maxTargetLength (the decoder's positions).
   */
  maxLength?: number;
  /**
   * Sentences decoded together (each with beamWidth rows). Sentences are sorted by length
   * first, so a batch holds sentences of similar length. Default 32.
   */
  batchSize?: number;
}

/** DecodeOptions with every default filled in and checked. */
export type ResolvedDecodeOptions = Required<DecodeOptions>;

/** Fills in the defaults and checks the values against the model's limits. */
export function resolveDecodeOptions(options: DecodeOptions, config: Seq2SeqConfig): ResolvedDecodeOptions {
  const beamWidth = options.beamWidth ?? 1;
  const lengthPenalty = options.lengthPenalty ?? 0.6;
  const maxLength = options.maxLength ?? config.maxTargetLength - 1;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new Error(`expected beamWidth to be a positive integer (1 = greedy), got ${beamWidth}`);
  if (typeof lengthPenalty !== 'number' || !Number.isFinite(lengthPenalty) || lengthPenalty < 0) {
    throw new Error(`expected lengthPenalty to be a number >= 0 (GNMT's α; 0 = none), got ${lengthPenalty}`);
  }
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > config.maxTargetLength) {
    throw new Error(`expected maxLength to be an integer in [1, ${config.maxTargetLength}] (the model's maxTargetLength bounds the decoder's positions), got ${maxLength}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize to be a positive integer, got ${batchSize}`);
  return { beamWidth, lengthPenalty, maxLength, batchSize };
}
