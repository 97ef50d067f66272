import { FEED_FORWARD_ACTIVATIONS, type FeedForwardActivation, type NormPlacement, type PositionalKind } from '@tfzoo/layers';

/**
 * The architecture of a {@link BertClassifier}: one plain object, stored as
 * `config.json` beside the weights so `loadBertClassifier` can rebuild the model.
 *
 * ids (B, T) → token + position embeddings → `numLayers` bidirectional encoder blocks
 * (padding masked) → mean over the real tokens → dropout → dense → sigmoid (two classes)
 * or softmax (more).
 */
export interface BertClassifierConfig {
  /** Token ids the model accepts, [0, vocabSize); must equal the tokenizer's vocabSize. */
  vocabSize: number;
  /** Longest input in tokens, `<cls>` and `<sep>` included; longer texts are cut (size of the position table). */
  maxLength: number;
  /** Width d of the embeddings and of every encoder block. */
  hiddenSize: number;
  /** Number of encoder blocks. */
  numLayers: number;
  /** Attention heads per block; must divide hiddenSize. */
  numHeads: number;
  /** Hidden width of each block's feed-forward network (BERT uses 4·d). */
  intermediateSize: number;
  /** Dropout on the embeddings, the attention weights and every sub-layer output while training. */
  dropout: number;
  /** Dropout on the pooled vector before the classification layer, while training. */
  classifierDropout: number;
  /** Feed-forward activation (BERT: `'gelu'`). */
  activation: FeedForwardActivation;
  /** `'post'` (BERT: LayerNorm(x + f(x)), with a layer norm on the embeddings) or `'pre'` (x + f(LayerNorm(x)), with a final layer norm). */
  norm: NormPlacement;
  /** `'learned'` position table (BERT) or fixed `'sinusoidal'` encodings. */
  positional: PositionalKind;
  /**
   * Number of classes. 2 gives a binary classifier: one logit, a sigmoid, binary
   * cross-entropy, `predict` returns P(label 1). More gives a softmax over the classes.
   */
  numClasses: number;
  /** Optional names of the classes in id order (e.g. `['negative', 'positive']`), for display and for reading named labels. */
  classNames: string[] | null;
  /** Seed of the initial weights (each weight draws from its own derived seed); null for a random start. */
  seed: number | null;
}

/** Named starting points; every field can still be overridden. */
export type BertPresetName = 'bert-tiny' | 'bert-mini' | 'bert-small';

/**
 * Presets sized for training from scratch on a CPU. `bert-tiny` and `bert-mini` follow the
 * shapes of Turc et al. (2019)'s compact BERTs (L=2/H=128 and L=4/H=256) scaled to
 * small vocabularies; `bert-tiny` is what the sentiment example uses.
 */
export const BERT_PRESETS: Readonly<Record<BertPresetName, Omit<BertClassifierConfig, 'vocabSize' | 'numClasses' | 'classNames' | 'seed'>>> = {
  'bert-tiny': {
    maxLength: 64,
    hiddenSize: 64,
    numLayers: 1,
    numHeads: 2,
    intermediateSize: 128,
    dropout: 0.2,
    classifierDropout: 0.3,
    activation: 'gelu',
    norm: 'post',
    positional: 'learned',
  },
  'bert-mini': {
    maxLength: 128,
    hiddenSize: 128,
    numLayers: 2,
    numHeads: 2,
    intermediateSize: 512,
    dropout: 0.1,
    classifierDropout: 0.1,
    activation: 'gelu',
    norm: 'post',
    positional: 'learned',
  },
  'bert-small': {
    maxLength: 256,
    hiddenSize: 256,
    numLayers: 4,
    numHeads: 4,
    intermediateSize: 1024,
    dropout: 0.1,
    classifierDropout: 0.1,
    activation: 'gelu',
    norm: 'post',
    positional: 'learned',
  },
};

/** What `resolveBertConfig` accepts: a preset to start from, and any fields to set. `vocabSize` is required. */
export type BertClassifierOptions = Partial<BertClassifierConfig> & {
  /** Preset the unspecified fields come from. Default `'bert-tiny'`. */
  preset?: BertPresetName;
  vocabSize: number;
};

const ACTIVATIONS: readonly string[] = FEED_FORWARD_ACTIVATIONS;
const NORMS: readonly string[] = ['post', 'pre'];
const POSITIONALS: readonly string[] = ['learned', 'sinusoidal'];

/**
 * A complete, checked config: the preset's values overridden by `options`.
 * Every bad value is reported by name: `BertClassifierConfig.numHeads: 3 does not divide hiddenSize 64`.
 */
export function resolveBertConfig(options: BertClassifierOptions): BertClassifierConfig {
  const { preset: presetName = 'bert-tiny', ...overrides } = options;
  const preset = BERT_PRESETS[presetName];
  if (preset === undefined) {
    throw new Error(`unknown BERT preset ${JSON.stringify(presetName)}; expected one of ${Object.keys(BERT_PRESETS).join(', ')}`);
  }
  const config: BertClassifierConfig = { ...preset, numClasses: 2, classNames: null, seed: null, ...definedOnly(overrides) } as BertClassifierConfig;
  return checkBertConfig(config);
}

/** Checks a config read from a file or built by hand; returns it unchanged. */
export function checkBertConfig(config: BertClassifierConfig): BertClassifierConfig {
  const fail = (field: string, message: string): never => {
    throw new Error(`BertClassifierConfig.${field}: ${message}`);
  };
  const positiveInt = (field: keyof BertClassifierConfig) => {
    const v = config[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(field, `expected an integer >= 1, got ${JSON.stringify(v)}`);
  };
  const rate = (field: keyof BertClassifierConfig) => {
    const v = config[field];
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) fail(field, `expected a dropout rate in [0, 1), got ${JSON.stringify(v)}`);
  };
  const oneOf = (field: keyof BertClassifierConfig, allowed: readonly string[]) => {
    const v = config[field];
    if (typeof v !== 'string' || !allowed.includes(v)) fail(field, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`);
  };
  for (const field of ['vocabSize', 'maxLength', 'hiddenSize', 'numLayers', 'numHeads', 'intermediateSize', 'numClasses'] as const) positiveInt(field);
  rate('dropout');
  rate('classifierDropout');
  oneOf('activation', ACTIVATIONS);
  oneOf('norm', NORMS);
  oneOf('positional', POSITIONALS);
  // The 7 special ids plus at least one ordinary token.
  if (config.vocabSize < 8) fail('vocabSize', `expected at least 8 (7 special tokens and one more), got ${config.vocabSize}`);
  if (config.maxLength < 3) fail('maxLength', `expected at least 3 (<cls>, one token, <sep>), got ${config.maxLength}`);
  if (config.hiddenSize % config.numHeads !== 0) fail('numHeads', `${config.numHeads} does not divide hiddenSize ${config.hiddenSize}`);
  if (config.numClasses < 2) fail('numClasses', `expected at least 2 classes, got ${config.numClasses}`);
  if (config.classNames !== null) {
    if (!Array.isArray(config.classNames) || config.classNames.some((c) => typeof c !== 'string' || c.length === 0)) {
      fail('classNames', `expected an array of non-empty strings or null, got ${JSON.stringify(config.classNames)}`);
    }
    if (config.classNames.length !== config.numClasses) {
      fail('classNames', `expected ${config.numClasses} names (numClasses), got ${config.classNames.length}: ${JSON.stringify(config.classNames)}`);
    }
    if (new Set(config.classNames).size !== config.classNames.length) fail('classNames', `names must be distinct, got ${JSON.stringify(config.classNames)}`);
  }
  if (config.seed !== null && !Number.isInteger(config.seed)) fail('seed', `expected an integer or null, got ${JSON.stringify(config.seed)}`);
  const known = new Set<string>([...Object.keys(BERT_PRESETS['bert-tiny']), 'vocabSize', 'numClasses', 'classNames', 'seed']);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) throw new Error(`BertClassifierConfig: unknown field '${key}'; expected one of ${[...known].join(', ')}`);
  }
  return config;
}

/** Drops `undefined` values so they do not override the preset. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
