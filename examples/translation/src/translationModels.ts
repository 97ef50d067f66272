/**
 * The two models the example compares, trained the same way and seen through one small
 * interface: the transformer (@tfzoo/seq2seq's fitTranslator) and the LSTM
 * encoder-decoder baseline (@tfzoo/rnn's RnnSeq2Seq through trainSeq2Seq).
 */
import * as path from 'path';
import { Seq2SeqDataset, type SentencePair } from '@tfzoo/data';
import { RnnSeq2Seq } from '@tfzoo/rnn';
import { fitTranslator, trainSeq2Seq, type Seq2SeqPresetName, type Seq2SeqTrainingOptions, type Seq2SeqTrainingResult, type Translator } from '@tfzoo/seq2seq';
import { BpeTokenizer, saveTokenizer } from '@tfzoo/tokenizers';

export type ModelKind = 'transformer' | 'lstm';

/** A trained model, whichever kind. */
export interface TrainedModel {
  describe: string;
  parameters: number;
  training: Seq2SeqTrainingResult;
  epochs: number;
  /** Beam search where the model has it (beamWidth 1 = greedy). */
  translate(texts: string[], beamWidth: number): string[];
  save(dir: string): Promise<void>;
  /** The transformer's Translator (attention maps); null for the LSTM. */
  translator: Translator | null;
  dispose(): void;
}

export interface ModelSettings {
  preset: Seq2SeqPresetName;
  lstmHidden: number;
  lstmLayers: number;
  sourceVocab: number;
  targetVocab: number;
  dropout: number;
  maxLength: number;
  lengthPenalty: number;
  seed: number;
}

type TrainingSettings = Omit<Seq2SeqTrainingOptions, 'trainSet' | 'valSet' | 'tokenizer'>;

export async function trainModel(
  kind: ModelKind,
  trainPairs: SentencePair[],
  valPairs: SentencePair[],
  s: ModelSettings,
  training: TrainingSettings,
  log: (line: string) => void,
): Promise<TrainedModel> {
  return kind === 'transformer' ? trainTransformer(trainPairs, valPairs, s, training, log) : trainLstm(trainPairs, valPairs, s, training, log);
}

async function trainTransformer(trainPairs: SentencePair[], valPairs: SentencePair[], s: ModelSettings, training: TrainingSettings, log: (line: string) => void): Promise<TrainedModel> {
  const { translator, training: result, epochs } = await fitTranslator({
    ...training,
    trainPairs,
    valPairs,
    tokenizers: { sourceVocab: s.sourceVocab, targetVocab: s.targetVocab },
    model: { preset: s.preset, dropout: s.dropout, maxSourceLength: s.maxLength, maxTargetLength: s.maxLength, seed: s.seed },
    log,
  });
  const c = translator.model.config();
  return {
    describe: `transformer '${s.preset}': d ${c.dModel}, ${c.encoderLayers}+${c.decoderLayers} blocks, ${c.numHeads} heads, ff ${c.ffDim}, ${c.norm}-norm, ${c.positional} positions, label smoothing ${c.labelSmoothing}`,
    parameters: translator.model.countParams(),
    training: result,
    epochs,
    translate: (texts, beamWidth) => translator.translate(texts, { beamWidth, lengthPenalty: s.lengthPenalty, longInputs: 'truncate' }),
    save: (dir) => translator.save(dir),
    translator,
    dispose: () => translator.dispose(),
  };
}

async function trainLstm(trainPairs: SentencePair[], valPairs: SentencePair[], s: ModelSettings, training: TrainingSettings, log: (line: string) => void): Promise<TrainedModel> {
  // The same tokenizers as the transformer's: BPE training is deterministic.
  const en = BpeTokenizer.train(trainPairs.map((p) => p.source), { vocabSize: s.sourceVocab });
  const fr = BpeTokenizer.train(trainPairs.map((p) => p.target), { vocabSize: s.targetVocab });
  log(`tokenizers: BPE ${en.vocabSize} (source) and ${fr.vocabSize} (target) ids`);
  const model = new RnnSeq2Seq({ cell: 'lstm', sourceVocabSize: en.vocabSize, targetVocabSize: fr.vocabSize, hiddenSize: s.lstmHidden, numLayers: s.lstmLayers, dropout: s.dropout, seed: s.seed });
  const batchOptions = { maxSourceLength: s.maxLength, maxTargetLength: s.maxLength };
  const trainSet = Seq2SeqDataset.fromPairs(trainPairs, en, fr, batchOptions);
  const valSet = Seq2SeqDataset.fromPairs(valPairs, en, fr, batchOptions);
  const result = await trainSeq2Seq(model, { ...training, trainSet, valSet, tokenizer: { source: en.toJSON(), target: fr.toJSON() } });
  return {
    describe: `LSTM encoder-decoder: ${s.lstmLayers} layers of ${s.lstmHidden} units on each side, no attention`,
    parameters: model.countParams(),
    training: result,
    epochs: result.pairs / trainSet.size,
    translate: (texts, beamWidth) => {
      if (beamWidth !== 1) throw new Error('the LSTM baseline decodes greedily only (beam width 1)');
      const out = model.translate(texts.map((t) => en.encode(t).slice(0, s.maxLength)), { maxLength: s.maxLength - 1 });
      return out.map((ids) => fr.decode(ids));
    },
    save: async (dir) => {
      await model.save(dir);
      await saveTokenizer(path.join(dir, 'source-tokenizer.json'), en);
      await saveTokenizer(path.join(dir, 'target-tokenizer.json'), fr);
    },
    translator: null,
    dispose: () => model.dispose(),
  };
}
