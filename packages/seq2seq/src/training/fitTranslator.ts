import { Seq2SeqDataset, type SentencePair } from '@tfzoo/data';
import { BpeTokenizer, type Tokenizer } from '@tfzoo/tokenizers';
import type { TrainConfig } from '@tfzoo/train';
import { Translator, type TranslatorCreateOptions } from '../Translator';
import { trainSeq2Seq, type Seq2SeqTrainingOptions, type Seq2SeqTrainingResult } from './trainSeq2Seq';

/** How {@link fitTranslator} gets its tokenizers: given, or byte-level BPE trained on the training pairs. */
export type TranslatorTokenizers =
  | { source: Tokenizer; target?: Tokenizer }
  | {
      /** Source-side BPE vocabulary (with one shared vocabulary: its size). Default 4000. */
      sourceVocab?: number;
      /** Target-side BPE vocabulary. Default 4000. */
      targetVocab?: number;
      /** One BPE vocabulary trained on both languages, and shared embeddings. Default false. */
      shared?: boolean;
    };

/** Options of {@link fitTranslator}. */
export interface FitTranslatorOptions extends Omit<Seq2SeqTrainingOptions, 'trainSet' | 'valSet' | 'tokenizer' | 'trainConfig'> {
  /** Training sentence pairs (source → target), in the order to read them; shuffle first. */
  trainPairs: readonly SentencePair[];
  /** Held-out pairs for the validation loss and the best checkpoint. */
  valPairs?: readonly SentencePair[];
  /** Tokenizers, or how to train them. Default: separate BPE-4000 per language. */
  tokenizers?: TranslatorTokenizers;
  /** Model size and shape (preset, dModel, dropout, label smoothing, max lengths, seed…). */
  model?: Omit<TranslatorCreateOptions, 'sourceTokenizer' | 'targetTokenizer'>;
  /** Training schedule; `maxSeconds` makes it a wall-clock budget. */
  trainConfig: TrainConfig;
  /** Called with one-line reports (data, tokenizers, model). Default: nothing. */
  log?: (line: string) => void;
}

/** What {@link fitTranslator} returns. */
export interface FitTranslatorResult {
  /** The trained translator (best validation weights when there were validation pairs and a run folder). */
  translator: Translator;
  training: Seq2SeqTrainingResult;
  /** Passes over the training pairs. */
  epochs: number;
}

/**
 * From sentence pairs to a trained {@link Translator}: tokenizers (given or BPE trained on
 * the training pairs), a new model, length-bucketed teacher-forcing batches cut to the
 * model's limits, and {@link trainSeq2Seq}. Tokenizers are stored in checkpoints, so a
 * resumed run refuses a different vocabulary.
 *
 * @example
 * const { translator } = await fitTranslator({ trainPairs, valPairs, model: { preset: 'mini' },
 *   trainConfig: { maxSteps: 1e7, maxSeconds: 3600, learningRate: 1e-3, warmupSteps: 400 } });
 * translator.translate(['I am hungry.'], { beamWidth: 4 });
 */
export async function fitTranslator(options: FitTranslatorOptions): Promise<FitTranslatorResult> {
  const { trainPairs, valPairs = [], tokenizers = {}, model = {}, log = () => undefined, ...training } = options;
  if (trainPairs.length === 0) throw new Error('no training pairs: expected at least one source/target pair');
  const started = performance.now();
  const { source, target } = makeTokenizers(tokenizers, trainPairs);
  if (!('source' in tokenizers)) {
    log(`tokenizers: ${source === target ? `one BPE vocabulary of ${source.vocabSize} ids` : `BPE ${source.vocabSize} (source) and ${target.vocabSize} (target) ids`}, trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const translator = Translator.create({ ...model, sourceTokenizer: source, targetTokenizer: target });
  try {
    const config = translator.model.config();
    log(`model: ${(translator.model.countParams() / 1e6).toFixed(2)}M parameters: d ${config.dModel}, ${config.encoderLayers}+${config.decoderLayers} blocks, ${config.numHeads} heads, ff ${config.ffDim}, sources up to ${config.maxSourceLength} tokens`);
    const batchOptions = { maxSourceLength: config.maxSourceLength, maxTargetLength: config.maxTargetLength, sourceEos: config.sourceEos };
    const trainSet = Seq2SeqDataset.fromPairs(trainPairs, source, target, batchOptions);
    const valSet = valPairs.length > 0 ? Seq2SeqDataset.fromPairs(valPairs, source, target, batchOptions) : null;
    const result = await trainSeq2Seq(translator.model, { ...training, trainSet, valSet, tokenizer: translator.tokenizersJSON() });
    return { translator, training: result, epochs: result.pairs / trainSet.size };
  } catch (e) {
    translator.dispose();
    throw e;
  }
}

function makeTokenizers(spec: TranslatorTokenizers, pairs: readonly SentencePair[]): { source: Tokenizer; target: Tokenizer } {
  if ('source' in spec) return { source: spec.source, target: spec.target ?? spec.source };
  const sources = pairs.map((p) => p.source);
  const targets = pairs.map((p) => p.target);
  if (spec.shared) {
    const both = BpeTokenizer.train([...sources, ...targets], { vocabSize: spec.sourceVocab ?? 8000 });
    return { source: both, target: both };
  }
  return {
    source: BpeTokenizer.train(sources, { vocabSize: spec.sourceVocab ?? 4000 }),
    target: BpeTokenizer.train(targets, { vocabSize: spec.targetVocab ?? 4000 }),
  };
}
