import {
  NUM_SPECIAL_TOKENS,
  SPECIAL_TOKEN_TEXT_BY_ID,
  SPECIAL_TOKENS,
  type DecodeOptions,
  type Tokenizer,
  type TokenizerJSON,
} from '@tfzoo/tokenizers';

/**
 * A minimal char-level tokenizer for tests: each character of `alphabet` gets
 * id NUM_SPECIAL_TOKENS + its index; anything else is UNK. It implements the
 * shared `Tokenizer` interface so the data code is tested against the contract,
 * not against one real tokenizer.
 */
export class TinyCharTokenizer implements Tokenizer {
  readonly kind: string = 'char';
  readonly vocabSize: number;
  private readonly chars: string[];
  private readonly ids = new Map<string, number>();

  constructor(readonly alphabet = 'abcdefghijklmnopqrstuvwxyz .,!?\n') {
    this.chars = [...alphabet];
    this.chars.forEach((c, i) => this.ids.set(c, NUM_SPECIAL_TOKENS + i));
    this.vocabSize = NUM_SPECIAL_TOKENS + this.chars.length;
  }

  encode(text: string): number[] {
    return [...text].map((c) => this.ids.get(c) ?? SPECIAL_TOKENS.UNK);
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const token = this.idToToken(id);
      if (token === undefined) throw new Error(`expected token ids in [0, ${this.vocabSize}), got ${id} at position ${i}`);
      if (id >= NUM_SPECIAL_TOKENS || id === SPECIAL_TOKENS.UNK || options.keepSpecial) out += token;
    }
    return out;
  }

  idToToken(id: number): string | undefined {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) return undefined;
    return id < NUM_SPECIAL_TOKENS ? SPECIAL_TOKEN_TEXT_BY_ID[id] : this.chars[id - NUM_SPECIAL_TOKENS];
  }

  tokenToId(token: string): number | undefined {
    const special = SPECIAL_TOKEN_TEXT_BY_ID.indexOf(token);
    return special >= 0 ? special : this.ids.get(token);
  }

  toJSON(): TokenizerJSON {
    return { kind: this.kind, vocabSize: this.vocabSize, alphabet: this.alphabet };
  }
}
