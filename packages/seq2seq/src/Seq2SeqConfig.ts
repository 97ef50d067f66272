import type { Seq2SeqBatchOptions } from '@tfzoo/data';
import type { FeedForwardActivation, NormPlacement, PositionalKind } from '@tfzoo/layers';

/**
 * The architecture of a {@link Seq2SeqTransformer}: one plain object, stored with every
 * saved model and checkpoint (as nanoGPT's `GPTConfig`).
 *
 * The model is Vaswani et al. (2017)'s encoder-decoder: `encoderLayers` blocks of
 * self-attention + feed-forward read the source; `decoderLayers` blocks of masked
 * self-attention, cross-attention over the encoder output and feed-forward predict the
 * target one token ahead.
 */
export interface Seq2SeqConfig {
  /** Number of source token ids (the source tokenizer's vocabSize). */
  sourceVocabSize: number;
  /** Number of target token ids (the target tokenizer's vocabSize). */
  targetVocabSize: number;
  /** Width of the embeddings and of every block (d_model). */
  dModel: number;
  /** Attention heads per block; must divide dModel. */
  numHeads: number;
  /** Number of encoder blocks. */
  encoderLayers: number;
  /** Number of decoder blocks. */
  decoderLayers: number;
  /** Hidden width of every feed-forward network (4·dModel in the paper). */
  ffDim: number;
  /** Dropout on embeddings, attention weights and sub-layer outputs while training. */
  dropout: number;
  /** Longest source the encoder reads, in tokens (EOS included when `sourceEos`). */
  maxSourceLength: number;
  /** Longest decoder row: target tokens + 1 (BOS in the input, EOS in the labels); also bounds decoding. */
  maxTargetLength: number;
  /** `'sinusoidal'` (fixed, the paper) or `'learned'` position encodings. */
  positional: PositionalKind;
  /** `'pre'`: x + SubLayer(LayerNorm(x)) with a final layer norm after each stack; `'post'`: LayerNorm(x + SubLayer(x)) (the paper). */
  norm: NormPlacement;
  /** Feed-forward activation: `'relu'` (the paper) or `'gelu'`. */
  activation: FeedForwardActivation;
  /**
   * One token table for source and target (and, with `tieOutputEmbeddings`, the output
   * projection), as the paper's shared BPE vocabulary (§3.4). Needs sourceVocabSize ===
   * targetVocabSize, i.e. one tokenizer for both languages. Learned positions are then
   * shared too, over max(maxSourceLength, maxTargetLength) positions.
   */
  shareEmbeddings: boolean;
  /**
   * Use the target token table (transposed) as the output projection, logits = h Eᵀ
   * (Press & Wolf 2017; the paper does it): fewer weights, and it helps at small data
   * sizes. Untied, the projection is its own dense layer with a bias.
   */
  tieOutputEmbeddings: boolean;
  /**
   * Label smoothing ε (Szegedy et al. 2016; the paper uses 0.1): while training the
   * target distribution is (1 − ε)·one-hot + ε/V. Evaluation losses (`training: false`)
   * are the plain cross-entropy, so they stay comparable to perplexities.
   */
  labelSmoothing: number;
  /**
   * Append EOS to every source, so the encoder sees where the sentence ends (as fairseq).
   * Batches must then be built with `sourceEos: true` (see `seq2seqBatchOptions`), and
   * `translateIds` appends it itself.
   */
  sourceEos: boolean;
}

/** Names of the built-in size presets. */
export type Seq2SeqPresetName = 'tiny' | 'mini' | 'small' | 'base';

/** The sizes a preset sets. */
export type Seq2SeqPreset = Pick<Seq2SeqConfig, 'dModel' | 'numHeads' | 'encoderLayers' | 'decoderLayers' | 'ffDim' | 'maxSourceLength' | 'maxTargetLength'>;

/** Defaults of every field but the vocabulary sizes (the `small` preset's sizes). */
export const SEQ2SEQ_DEFAULTS: Omit<Seq2SeqConfig, 'sourceVocabSize' | 'targetVocabSize'> = {
  dModel: 256,
  numHeads: 4,
  encoderLayers: 3,
  decoderLayers: 3,
  ffDim: 1024,
  dropout: 0.1,
  maxSourceLength: 64,
  maxTargetLength: 64,
  positional: 'sinusoidal',
  norm: 'pre',
  activation: 'relu',
  shareEmbeddings: false,
  tieOutputEmbeddings: true,
  labelSmoothing: 0.1,
  sourceEos: false,
};

/**
 * Size presets; every other field keeps its default.
 * - `tiny`: d 32, 1 + 1 blocks: seconds to train on toy tasks (tests).
 * - `mini`: d 128, 2 + 2 blocks, 4 heads, ff 512 (about 2M parameters with 4000-id
 *   vocabularies): about 4x cheaper per token than `small`, so it sees several epochs of
 *   ~1M tokens of short sentence pairs (Tatoeba EN→FR) in an hour on one CPU core with
 *   wasm (a training step of 64 pairs takes about 1 s).
 * - `small`: d 256, 3 + 3 blocks, 4 heads, ff 1024: the better model per epoch, for longer
 *   budgets or faster machines.
 * - `base`: the paper's base model (d 512, 6 + 6 blocks, 8 heads, ff 2048): for reference; too slow for CPU training.
 */
export const SEQ2SEQ_PRESETS: Record<Seq2SeqPresetName, Seq2SeqPreset> = {
  tiny: { dModel: 32, numHeads: 2, encoderLayers: 1, decoderLayers: 1, ffDim: 64, maxSourceLength: 32, maxTargetLength: 32 },
  mini: { dModel: 128, numHeads: 4, encoderLayers: 2, decoderLayers: 2, ffDim: 512, maxSourceLength: 64, maxTargetLength: 64 },
  small: { dModel: 256, numHeads: 4, encoderLayers: 3, decoderLayers: 3, ffDim: 1024, maxSourceLength: 64, maxTargetLength: 64 },
  base: { dModel: 512, numHeads: 8, encoderLayers: 6, decoderLayers: 6, ffDim: 2048, maxSourceLength: 128, maxTargetLength: 128 },
};

/** What {@link resolveSeq2SeqConfig} takes: the vocabulary sizes, optionally a preset, and any fields to override. */
export type Seq2SeqConfigInput = Partial<Seq2SeqConfig> & {
  /** Number of source token ids. */
  sourceVocabSize: number;
  /** Number of target token ids. */
  targetVocabSize: number;
  /** Start from this preset's sizes (default: the defaults, which are `small`'s). */
  preset?: Seq2SeqPresetName;
};

const POSITIONAL: readonly string[] = ['sinusoidal', 'learned'];
const NORMS: readonly string[] = ['post', 'pre'];
const ACTIVATIONS: readonly string[] = ['relu', 'gelu'];

/**
 * A complete, checked config: defaults, then the preset's sizes, then the given fields
 * (undefined fields are ignored). Throws naming the field and the bad value.
 *
 * @example
 * resolveSeq2SeqConfig({ sourceVocabSize: 8000, targetVocabSize: 8000, preset: 'small' });
 * resolveSeq2SeqConfig({ sourceVocabSize: 20, targetVocabSize: 20, preset: 'tiny', dropout: 0 });
 */
export function resolveSeq2SeqConfig(input: Seq2SeqConfigInput): Seq2SeqConfig {
  const { preset, ...fields } = input;
  if (preset !== undefined && !Object.prototype.hasOwnProperty.call(SEQ2SEQ_PRESETS, preset)) {
    throw new Error(`unknown Seq2SeqTransformer preset ${JSON.stringify(preset)}; expected one of ${Object.keys(SEQ2SEQ_PRESETS).map((p) => `'${p}'`).join(', ')}`);
  }
  return checkSeq2SeqConfig({ ...SEQ2SEQ_DEFAULTS, ...(preset ? SEQ2SEQ_PRESETS[preset] : {}), ...definedFields(fields) });
}

/**
 * Checks a config read from a file or built by hand: every field present and valid.
 * Returns a copy holding exactly the Seq2SeqConfig fields. `source` names where it came
 * from in errors.
 */
export function checkSeq2SeqConfig(value: unknown, source = 'Seq2SeqTransformer config'): Seq2SeqConfig {
  if (value === null || typeof value !== 'object') throw new Error(`${source}: expected an object, got ${JSON.stringify(value)}`);
  const c = value as Record<string, unknown>;
  const positiveInt = (field: keyof Seq2SeqConfig): number => {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${source}: expected ${field} to be a positive integer, got ${JSON.stringify(v)}`);
    return v;
  };
  const oneOf = <T extends string>(field: keyof Seq2SeqConfig, allowed: readonly string[]): T => {
    const v = c[field];
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new Error(`${source}: expected ${field} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  };
  const rate = (field: keyof Seq2SeqConfig): number => {
    const v = c[field];
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new Error(`${source}: expected ${field} to be a rate in [0, 1), got ${JSON.stringify(v)}`);
    return v;
  };
  const flag = (field: keyof Seq2SeqConfig): boolean => {
    const v = c[field];
    if (typeof v !== 'boolean') throw new Error(`${source}: expected ${field} to be true or false, got ${JSON.stringify(v)}`);
    return v;
  };
  const config: Seq2SeqConfig = {
    sourceVocabSize: positiveInt('sourceVocabSize'),
    targetVocabSize: positiveInt('targetVocabSize'),
    dModel: positiveInt('dModel'),
    numHeads: positiveInt('numHeads'),
    encoderLayers: positiveInt('encoderLayers'),
    decoderLayers: positiveInt('decoderLayers'),
    ffDim: positiveInt('ffDim'),
    dropout: rate('dropout'),
    maxSourceLength: positiveInt('maxSourceLength'),
    maxTargetLength: positiveInt('maxTargetLength'),
    positional: oneOf<PositionalKind>('positional', POSITIONAL),
    norm: oneOf<NormPlacement>('norm', NORMS),
    activation: oneOf<FeedForwardActivation>('activation', ACTIVATIONS),
    shareEmbeddings: flag('shareEmbeddings'),
    tieOutputEmbeddings: flag('tieOutputEmbeddings'),
    labelSmoothing: rate('labelSmoothing'),
    sourceEos: flag('sourceEos'),
  };
  // Special ids 0…6 are reserved in every tokenizer, and the decoder needs BOS (2) and EOS (3).
  for (const field of ['sourceVocabSize', 'targetVocabSize'] as const) {
    if (config[field] < 4) throw new Error(`${source}: expected ${field} >= 4 (ids 0…3 are PAD, UNK, BOS and EOS), got ${config[field]}`);
  }
  if (config.dModel % config.numHeads !== 0) {
    throw new Error(`${source}: dModel ${config.dModel} is not divisible by numHeads ${config.numHeads}; each head gets dModel / numHeads features`);
  }
  if (config.positional === 'sinusoidal' && config.dModel % 2 !== 0) {
    throw new Error(`${source}: sinusoidal positions need an even dModel, got ${config.dModel}`);
  }
  if (config.shareEmbeddings && config.sourceVocabSize !== config.targetVocabSize) {
    throw new Error(
      `${source}: shareEmbeddings needs one vocabulary for both sides, got sourceVocabSize ${config.sourceVocabSize} and targetVocabSize ${config.targetVocabSize} ` +
        '(use one tokenizer for both languages, or shareEmbeddings: false)',
    );
  }
  if (config.sourceEos && config.maxSourceLength < 2) {
    throw new Error(`${source}: with sourceEos the encoder needs maxSourceLength >= 2 (a token and EOS), got ${config.maxSourceLength}`);
  }
  if (config.maxTargetLength < 2) {
    throw new Error(`${source}: expected maxTargetLength >= 2 (BOS plus at least one token), got ${config.maxTargetLength}`);
  }
  return config;
}

/**
 * The number of weights of a model of this config (for reports and size planning; the
 * built model's countParams() agrees).
 */
export function countSeq2SeqParameters(config: Seq2SeqConfig): number {
  const { dModel: d, ffDim: f, sourceVocabSize: Vs, targetVocabSize: Vt } = config;
  const learned = config.positional === 'learned';
  let embeddings: number;
  if (config.shareEmbeddings) {
    embeddings = Vt * d + (learned ? Math.max(config.maxSourceLength, config.maxTargetLength) * d : 0);
  } else {
    embeddings = Vs * d + Vt * d + (learned ? (config.maxSourceLength + config.maxTargetLength) * d : 0);
  }
  const attention = 4 * d * d + 4 * d; // fused Q,K,V (or Q and fused K,V) plus the output projection, with biases
  const feedforward = d * f + f + f * d + d;
  const norm = 2 * d;
  const encoderBlock = attention + feedforward + 2 * norm;
  const decoderBlock = 2 * attention + feedforward + 3 * norm;
  const finalNorms = config.norm === 'pre' ? 2 * norm : 0;
  const head = config.tieOutputEmbeddings ? 0 : d * Vt + Vt;
  return embeddings + config.encoderLayers * encoderBlock + config.decoderLayers * decoderBlock + finalNorms + head;
}

/**
 * The batch options that fit a model: sources cut to maxSourceLength (EOS appended with
 * sourceEos), decoder rows to maxTargetLength. Build datasets with them, so that every
 * batch passes the model's checks.
 *
 * @example
 * const train = Seq2SeqDataset.fromPairs(pairs, en, fr, seq2seqBatchOptions(model.config()));
 */
export function seq2seqBatchOptions(config: Pick<Seq2SeqConfig, 'maxSourceLength' | 'maxTargetLength' | 'sourceEos'>): Seq2SeqBatchOptions {
  return { maxSourceLength: config.maxSourceLength, maxTargetLength: config.maxTargetLength, sourceEos: config.sourceEos };
}

function definedFields<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
