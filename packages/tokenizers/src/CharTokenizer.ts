import { DecodeOptions, NUM_SPECIAL_TOKENS, SPECIAL_TOKENS, SPECIAL_TOKEN_TEXT_BY_ID, Tokenizer, TokenizerJSON } from './Tokenizer';
import { validateIds } from './vocabChecks';

/** Serialized `CharTokenizer`. */
export interface CharTokenizerJSON extends TokenizerJSON {
  kind: 'char';
  /** The vocabulary; `chars[i]` has id `7 + i`. */
  chars: string[];
}

/**
 * One token per Unicode code point (so an emoji such as 😀, two UTF-16 code
 * units, is one token), as in nanoGPT's Shakespeare-char model. The
 * vocabulary is the code points seen in training, sorted by code point, with
 * ids from 7 (after the special tokens).
 *
 * No normalisation: `é` (U+00E9) and `e` + U+0301 are different sequences.
 * `decode(encode(s)) === s` for every string whose code points are all in the
 * vocabulary, lone surrogates included (each is treated as one code point).
 * Any other code point encodes to UNK, which decodes to `<unk>`.
 *
 * @example
 * const tok = CharTokenizer.fromTexts([shakespeare]);
 * tok.decode(tok.encode('To be')); // 'To be'
 */
export class CharTokenizer implements Tokenizer {
  readonly kind = 'char';
  readonly vocabSize: number;
  /** The vocabulary in id order; `chars[i]` has id `7 + i`. */
  readonly chars: readonly string[];
  private readonly idByChar = new Map<string, number>();

  /** @param chars The vocabulary in id order: distinct single code points. */
  constructor(chars: Iterable<string>) {
    this.chars = [...chars];
    this.chars.forEach((ch, i) => {
      if (typeof ch !== 'string' || [...ch].length !== 1) {
        throw new Error(`expected vocabulary entry ${i} to be a single code point, got ${JSON.stringify(ch)}`);
      }
      if (this.idByChar.has(ch)) {
        throw new Error(`vocabulary entry ${i} ${JSON.stringify(ch)} repeats entry ${this.idByChar.get(ch)! - NUM_SPECIAL_TOKENS}`);
      }
      this.idByChar.set(ch, NUM_SPECIAL_TOKENS + i);
    });
    this.vocabSize = NUM_SPECIAL_TOKENS + this.chars.length;
  }

  /** The tokenizer whose vocabulary is every code point in `texts`, sorted by code point. */
  static fromTexts(texts: Iterable<string> | string): CharTokenizer {
    const seen = new Set<string>();
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      for (const ch of text) seen.add(ch);
    }
    return new CharTokenizer([...seen].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number)));
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const ch of text) ids.push(this.idByChar.get(ch) ?? SPECIAL_TOKENS.UNK);
    return ids;
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    validateIds(ids, this.vocabSize);
    let text = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= NUM_SPECIAL_TOKENS) text += this.chars[id - NUM_SPECIAL_TOKENS];
      else if (options.keepSpecial || id === SPECIAL_TOKENS.UNK) text += SPECIAL_TOKEN_TEXT_BY_ID[id];
    }
    return text;
  }

  idToToken(id: number): string | undefined {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) return undefined;
    return id < NUM_SPECIAL_TOKENS ? SPECIAL_TOKEN_TEXT_BY_ID[id] : this.chars[id - NUM_SPECIAL_TOKENS];
  }

  tokenToId(token: string): number | undefined {
    const special = SPECIAL_TOKEN_TEXT_BY_ID.indexOf(token);
    return special >= 0 ? special : this.idByChar.get(token);
  }

  toJSON(): CharTokenizerJSON {
    return { kind: 'char', vocabSize: this.vocabSize, chars: [...this.chars] };
  }

  static fromJSON(json: TokenizerJSON): CharTokenizer {
    if (json.kind !== 'char') throw new Error(`expected a tokenizer of kind 'char', got '${json.kind}'`);
    if (!Array.isArray(json.chars)) throw new Error('expected char tokenizer JSON to have a chars array');
    const tok = new CharTokenizer(json.chars as string[]);
    if (json.vocabSize !== tok.vocabSize) {
      throw new Error(`char tokenizer declares vocabSize ${json.vocabSize}, but its ${tok.chars.length} chars give ${tok.vocabSize}`);
    }
    return tok;
  }
}
