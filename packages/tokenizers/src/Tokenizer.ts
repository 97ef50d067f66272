/**
 * Special tokens and their fixed ids, the same in every tfzoo tokenizer, so a
 * model can rely on PAD = 0 (masks), BOS/EOS (generation, seq2seq) and
 * CLS/SEP/MASK (encoders) without asking the tokenizer.
 */
export const SPECIAL_TOKENS = {
  PAD: 0,
  UNK: 1,
  BOS: 2,
  EOS: 3,
  CLS: 4,
  SEP: 5,
  MASK: 6,
} as const;

export type SpecialTokenName = keyof typeof SPECIAL_TOKENS;

/** Number of reserved ids; a tokenizer's ordinary tokens start here. */
export const NUM_SPECIAL_TOKENS = 7;

/** The surface form of each special token, for display and for `decode` of special ids. */
export const SPECIAL_TOKEN_TEXT: Record<SpecialTokenName, string> = {
  PAD: '<pad>',
  UNK: '<unk>',
  BOS: '<bos>',
  EOS: '<eos>',
  CLS: '<cls>',
  SEP: '<sep>',
  MASK: '<mask>',
};

/**
 * The special token's text by id (`SPECIAL_TOKEN_TEXT_BY_ID[2] === '<bos>'`), for
 * tokenizers that index their vocabulary by id.
 */
export const SPECIAL_TOKEN_TEXT_BY_ID: readonly string[] = (Object.keys(SPECIAL_TOKENS) as SpecialTokenName[])
  .sort((a, b) => SPECIAL_TOKENS[a] - SPECIAL_TOKENS[b])
  .map((name) => SPECIAL_TOKEN_TEXT[name]);

/** True for the reserved ids [0, NUM_SPECIAL_TOKENS). */
export function isSpecialId(id: number): boolean {
  return id >= 0 && id < NUM_SPECIAL_TOKENS;
}

/** Options of `Tokenizer.decode`. */
export interface DecodeOptions {
  /**
   * Render every special id as its text (`<pad>`, `<bos>`, …). Default false:
   * special ids are skipped, except UNK, which stands for real input text and
   * is always rendered as `<unk>`.
   */
  keepSpecial?: boolean;
}

/** What every tfzoo tokenizer provides; models and data loaders depend only on this. */
export interface Tokenizer {
  /** `char`, `word` or `bpe`: stored in JSON so `tokenizerFromJSON` picks the class. */
  readonly kind: string;
  /** Total number of ids, special tokens included: ids are in [0, vocabSize). */
  readonly vocabSize: number;
  /**
   * Text to ids, without BOS/EOS (callers add them where a model needs them).
   * Never produces special ids other than UNK: the text `<pad>` is ordinary text.
   */
  encode(text: string): number[];
  /**
   * Ids to text. Special ids other than UNK are skipped unless `keepSpecial` is set.
   * Throws on ids outside [0, vocabSize).
   */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /**
   * The vocabulary entry for an id (`<bos>` for 2; for BPE, the token in its
   * byte-level spelling, e.g. `Ġthe`), or undefined outside [0, vocabSize).
   */
  idToToken(id: number): string | undefined;
  /** The inverse of `idToToken`: undefined for a string that is not a vocabulary entry. */
  tokenToId(token: string): number | undefined;
  /** A plain JSON object that `fromJSON` of the same class turns back into an equal tokenizer. */
  toJSON(): TokenizerJSON;
}

/** Serialized form: `kind` selects the class; the rest is the class's own. */
export interface TokenizerJSON {
  kind: string;
  vocabSize: number;
  [key: string]: unknown;
}
