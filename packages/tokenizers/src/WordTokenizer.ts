import { DecodeOptions, NUM_SPECIAL_TOKENS, SPECIAL_TOKENS, SPECIAL_TOKEN_TEXT_BY_ID, Tokenizer, TokenizerJSON } from './Tokenizer';
import { joinWords, normalizeWordText, splitWords } from './wordSplitting';
import { validateIds } from './vocabChecks';

/** Options of `WordTokenizer.fromTexts`. */
export interface WordTokenizerOptions {
  /** Lower-case text before splitting (locale-independent `toLowerCase`). Default false. */
  lowercase?: boolean;
  /**
   * Upper bound on `vocabSize`, the 7 special tokens included; the most
   * frequent words are kept. Default: no bound.
   */
  maxVocabSize?: number;
  /** Words seen fewer times than this are left out (and encode to UNK). Default 1. */
  minFrequency?: number;
}

/** Serialized `WordTokenizer`. */
export interface WordTokenizerJSON extends TokenizerJSON {
  kind: 'word';
  /** Whether text is lower-cased before splitting. */
  lowercase: boolean;
  /** The vocabulary; `words[i]` has id `7 + i`. */
  words: string[];
}

/**
 * One token per word or punctuation mark, for small word-level models.
 *
 * What `encode` does to text, in order:
 * 1. lower-cases it, only with `lowercase: true` (locale-independent `toLowerCase`);
 * 2. applies Unicode NFC, so `é` and `e` + U+0301 are the same word;
 * 3. splits it: a word is a run of letters, combining marks and digits,
 *    possibly joined by `'`, `’` or `-` between two runs (`don't`,
 *    `well-known`); every other non-space character is its own token, with
 *    the marks, skin-tone modifiers and ZWJ-joined emoji that belong to it;
 *    whitespace of any kind (spaces, tabs, newlines, U+00A0, U+202F) only
 *    separates and is dropped;
 * 4. maps each token to its id, or to UNK when it is not in the vocabulary.
 *
 * `decode` joins tokens with single spaces, but none before closing
 * punctuation (`. , ; : ! ? ) ] }` …) or after opening brackets, and straight
 * quotes alternate opening/closing (see `joinWords`). So decode does not give
 * back the original whitespace, but `encode(decode(ids))` gives back `ids`
 * for any ids without special tokens. UNK decodes to `<unk>`.
 *
 * The vocabulary is ordered by frequency (most frequent first, ties in
 * code-unit order), so a larger cap only appends words.
 *
 * @example
 * const tok = WordTokenizer.fromTexts(corpus, { lowercase: true, maxVocabSize: 5000, minFrequency: 2 });
 * tok.decode(tok.encode('Hello,  World!')); // 'hello, world!'
 */
export class WordTokenizer implements Tokenizer {
  readonly kind = 'word';
  readonly vocabSize: number;
  /** The vocabulary in id order; `words[i]` has id `7 + i`. */
  readonly words: readonly string[];
  /** Whether text is lower-cased before splitting. */
  readonly lowercase: boolean;
  private readonly idByWord = new Map<string, number>();

  /**
   * @param words The vocabulary in id order: distinct tokens, each already
   *   normalised and a single token under the splitting rules.
   * @param options.lowercase Lower-case text before splitting. Default false.
   */
  constructor(words: Iterable<string>, options: { lowercase?: boolean } = {}) {
    this.lowercase = options.lowercase ?? false;
    this.words = [...words];
    this.words.forEach((word, i) => {
      if (typeof word !== 'string') throw new Error(`expected vocabulary entry ${i} to be a string, got ${typeof word}`);
      const pieces = splitWords(normalizeWordText(word, this.lowercase));
      if (pieces.length !== 1 || pieces[0] !== word) {
        throw new Error(
          `vocabulary entry ${i} ${JSON.stringify(word)} can never be produced by encode: it normalises and splits to ` +
            `${JSON.stringify(pieces)}${this.lowercase ? ' (lowercase)' : ''}`,
        );
      }
      if (this.idByWord.has(word)) {
        throw new Error(`vocabulary entry ${i} ${JSON.stringify(word)} repeats entry ${this.idByWord.get(word)! - NUM_SPECIAL_TOKENS}`);
      }
      this.idByWord.set(word, NUM_SPECIAL_TOKENS + i);
    });
    this.vocabSize = NUM_SPECIAL_TOKENS + this.words.length;
  }

  /** Builds the vocabulary from `texts`: every token, or the most frequent ones (see options). */
  static fromTexts(texts: Iterable<string> | string, options: WordTokenizerOptions = {}): WordTokenizer {
    const { lowercase = false, maxVocabSize = Infinity, minFrequency = 1 } = options;
    if (maxVocabSize !== Infinity && (!Number.isInteger(maxVocabSize) || maxVocabSize < NUM_SPECIAL_TOKENS)) {
      throw new Error(
        `expected maxVocabSize to be an integer >= ${NUM_SPECIAL_TOKENS} (the special tokens count), got ${maxVocabSize}`,
      );
    }
    if (!Number.isInteger(minFrequency) || minFrequency < 1) {
      throw new Error(`expected minFrequency to be an integer >= 1, got ${minFrequency}`);
    }
    const counts = new Map<string, number>();
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      for (const word of splitWords(normalizeWordText(text, lowercase))) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const words = [...counts]
      .filter(([, count]) => count >= minFrequency)
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxVocabSize - NUM_SPECIAL_TOKENS)
      .map(([word]) => word);
    return new WordTokenizer(words, { lowercase });
  }

  /** The normalised tokens `encode` would look up, before mapping to ids. */
  tokenize(text: string): string[] {
    return splitWords(normalizeWordText(text, this.lowercase));
  }

  encode(text: string): number[] {
    return this.tokenize(text).map((word) => this.idByWord.get(word) ?? SPECIAL_TOKENS.UNK);
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    validateIds(ids, this.vocabSize);
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= NUM_SPECIAL_TOKENS) tokens.push(this.words[id - NUM_SPECIAL_TOKENS]);
      else if (options.keepSpecial || id === SPECIAL_TOKENS.UNK) tokens.push(SPECIAL_TOKEN_TEXT_BY_ID[id]);
    }
    return joinWords(tokens);
  }

  idToToken(id: number): string | undefined {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) return undefined;
    return id < NUM_SPECIAL_TOKENS ? SPECIAL_TOKEN_TEXT_BY_ID[id] : this.words[id - NUM_SPECIAL_TOKENS];
  }

  tokenToId(token: string): number | undefined {
    const special = SPECIAL_TOKEN_TEXT_BY_ID.indexOf(token);
    return special >= 0 ? special : this.idByWord.get(token);
  }

  toJSON(): WordTokenizerJSON {
    return { kind: 'word', vocabSize: this.vocabSize, lowercase: this.lowercase, words: [...this.words] };
  }

  static fromJSON(json: TokenizerJSON): WordTokenizer {
    if (json.kind !== 'word') throw new Error(`expected a tokenizer of kind 'word', got '${json.kind}'`);
    if (!Array.isArray(json.words)) throw new Error('expected word tokenizer JSON to have a words array');
    if (typeof json.lowercase !== 'boolean') {
      throw new Error(`expected word tokenizer JSON to have a boolean lowercase, got ${JSON.stringify(json.lowercase)}`);
    }
    const tok = new WordTokenizer(json.words as string[], { lowercase: json.lowercase });
    if (json.vocabSize !== tok.vocabSize) {
      throw new Error(`word tokenizer declares vocabSize ${json.vocabSize}, but its ${tok.words.length} words give ${tok.vocabSize}`);
    }
    return tok;
  }
}
