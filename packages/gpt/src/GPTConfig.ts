import type { FeedForwardActivation, NormPlacement, PositionalKind } from '@tfzoo/layers';

/**
 * The architecture of a GPT: one plain object, stored with every saved model and
 * checkpoint (nanoGPT's `GPTConfig`).
 *
 * The defaults follow the source text (Vaswani et al.'s decoder, used alone):
 * sinusoidal positions added to the token embeddings, masked multi-head self-attention,
 * Add & Norm after each sub-layer (post-norm), a ReLU feed-forward network of width
 * 4·nEmbd, and an output layer softmax(W_o h + b_o) with its own W_o. nanoGPT / GPT-2
 * use learned positions, pre-norm with a final layer norm, GELU and tied embeddings.
 */
export interface GPTConfig {
  /** Number of token ids (the tokenizer's vocabSize); ids are in [0, vocabSize). */
  vocabSize: number;
  /** Context length: the longest sequence the model reads; longer prompts keep their last blockSize tokens. */
  blockSize: number;
  /** Number of decoder blocks. */
  nLayer: number;
  /** Attention heads per block; must divide nEmbd. */
  nHead: number;
  /** Width of the embeddings and of every block (d_model). */
  nEmbd: number;
  /** Dropout rate on embeddings, attention weights and sub-layer outputs while training. Default 0. */
  dropout: number;
  /** `'sinusoidal'` (fixed, the source text; default) or `'learned'` (a trainable table, as GPT-2). */
  positional: PositionalKind;
  /** `'post'`: LayerNorm(x + SubLayer(x)) (the source text; default). `'pre'`: x + SubLayer(LayerNorm(x)) plus a final layer norm (GPT-2). */
  norm: NormPlacement;
  /** Feed-forward activation: `'relu'` (default) or `'gelu'` (GPT-2, nanoGPT). */
  activation: FeedForwardActivation;
  /** Use the token embedding table (transposed) as the output projection W_o, as GPT-2 does. Default false. */
  tieEmbeddings: boolean;
}

/** The architecture without the vocabulary, which comes from the tokenizer. */
export type GPTArchitecture = Omit<GPTConfig, 'vocabSize'>;

/** Names of the built-in size presets. */
export type GPTPresetName = 'nano' | 'mini' | 'small';

/** Defaults of every field but vocabSize (the source text's choices, nanoGPT's mini size). */
export const GPT_DEFAULTS: GPTArchitecture = {
  blockSize: 128,
  nLayer: 4,
  nHead: 4,
  nEmbd: 128,
  dropout: 0,
  positional: 'sinusoidal',
  norm: 'post',
  activation: 'relu',
  tieEmbeddings: false,
};

/**
 * Size presets; every other field keeps its default.
 * - `nano`: 2 × 64, context 64: trains in a minute or two on a laptop CPU (tests, demos).
 * - `mini`: 4 × 128, context 128: nanoGPT's CPU Shakespeare size (about 0.8M parameters).
 * - `small`: 6 × 384, context 256: nanoGPT's Shakespeare-char GPU size (about 10.7M parameters).
 */
export const GPT_PRESETS: Record<GPTPresetName, Pick<GPTConfig, 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd'>> = {
  nano: { blockSize: 64, nLayer: 2, nHead: 4, nEmbd: 64 },
  mini: { blockSize: 128, nLayer: 4, nHead: 4, nEmbd: 128 },
  small: { blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384 },
};

const POSITIONAL: readonly string[] = ['sinusoidal', 'learned'];
const NORMS: readonly string[] = ['post', 'pre'];
const ACTIVATIONS: readonly string[] = ['relu', 'gelu'];

/**
 * A complete, checked config: defaults, then the preset's sizes (if `preset` is given),
 * then `overrides`. Throws naming the field and the bad value.
 *
 * @example
 * gptConfig({ vocabSize: 65 });                                      // the source text's GPT, mini size
 * gptConfig({ vocabSize: 65, positional: 'learned', norm: 'pre' }, 'nano');
 */
export function gptConfig(overrides: Partial<GPTConfig> & { vocabSize: number }, preset?: GPTPresetName): GPTConfig {
  if (preset !== undefined && !(preset in GPT_PRESETS)) {
    throw new Error(`unknown GPT preset ${JSON.stringify(preset)}; expected one of ${Object.keys(GPT_PRESETS).join(', ')}`);
  }
  const merged = { ...GPT_DEFAULTS, ...(preset ? GPT_PRESETS[preset] : {}), ...definedFields(overrides) };
  return checkGPTConfig(merged);
}

/**
 * Checks a config read from a file or built by hand: every field present and valid.
 * Returns a copy holding exactly the GPTConfig fields.
 */
export function checkGPTConfig(value: unknown, source = 'GPT config'): GPTConfig {
  if (value === null || typeof value !== 'object') throw new Error(`${source}: expected an object, got ${JSON.stringify(value)}`);
  const c = value as Record<string, unknown>;
  const positiveInt = (field: keyof GPTConfig): number => {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${source}: expected ${field} to be a positive integer, got ${JSON.stringify(v)}`);
    return v;
  };
  const oneOf = <T extends string>(field: keyof GPTConfig, allowed: readonly string[]): T => {
    const v = c[field];
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new Error(`${source}: expected ${field} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  };
  const config: GPTConfig = {
    vocabSize: positiveInt('vocabSize'),
    blockSize: positiveInt('blockSize'),
    nLayer: positiveInt('nLayer'),
    nHead: positiveInt('nHead'),
    nEmbd: positiveInt('nEmbd'),
    dropout: c.dropout as number,
    positional: oneOf<PositionalKind>('positional', POSITIONAL),
    norm: oneOf<NormPlacement>('norm', NORMS),
    activation: oneOf<FeedForwardActivation>('activation', ACTIVATIONS),
    tieEmbeddings: c.tieEmbeddings as boolean,
  };
  if (typeof config.dropout !== 'number' || !(config.dropout >= 0 && config.dropout < 1)) {
    throw new Error(`${source}: expected dropout to be a rate in [0, 1), got ${JSON.stringify(c.dropout)}`);
  }
  if (typeof config.tieEmbeddings !== 'boolean') throw new Error(`${source}: expected tieEmbeddings to be true or false, got ${JSON.stringify(c.tieEmbeddings)}`);
  if (config.nEmbd % config.nHead !== 0) {
    throw new Error(`${source}: nEmbd ${config.nEmbd} is not divisible by nHead ${config.nHead}; each head gets nEmbd / nHead features`);
  }
  if (config.positional === 'sinusoidal' && config.nEmbd % 2 !== 0) {
    throw new Error(`${source}: sinusoidal positions need an even nEmbd, got ${config.nEmbd}`);
  }
  return config;
}

/** The number of weights a model of this config has (for reports; the built model's countParams() agrees). */
export function countGPTParameters(config: GPTConfig): number {
  const { vocabSize: V, blockSize: T, nLayer: L, nEmbd: D } = config;
  const F = 4 * D;
  const embedding = V * D + (config.positional === 'learned' ? T * D : 0);
  const attention = D * 3 * D + 3 * D + D * D + D;
  const feedforward = D * F + F + F * D + D;
  const norms = 2 * 2 * D;
  const finalNorm = config.norm === 'pre' ? 2 * D : 0;
  const head = (config.tieEmbeddings ? 0 : D * V) + V;
  return embedding + L * (attention + feedforward + norms) + finalNorm + head;
}

function definedFields<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
