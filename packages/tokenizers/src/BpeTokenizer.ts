import { TextDecoder } from 'util';
import { DecodeOptions, NUM_SPECIAL_TOKENS, SPECIAL_TOKENS, SPECIAL_TOKEN_TEXT_BY_ID, Tokenizer, TokenizerJSON } from './Tokenizer';
import { bytesToByteLevel } from './byteLevelAlphabet';
import { bpePreTokenize } from './bpePreTokenizer';
import { BPE_BYTE_ID_OFFSET, BPE_FIRST_MERGE_ID, BpeMerge, countBpePieces, trainBpeMerges } from './bpeTrainer';
import { PairHeap } from './PairHeap';
import { validateIds } from './vocabChecks';

/** Options of `BpeTokenizer.train`. */
export interface BpeTrainOptions {
  /**
   * Target vocabulary size, special tokens and the 256 byte tokens included,
   * so at least 263; training adds `vocabSize - 263` merges, or fewer if no
   * pair is frequent enough any more.
   */
  vocabSize: number;
  /** A pair must occur at least this often (over the whole corpus) to be merged. Default 2. */
  minFrequency?: number;
}

/** The name of the pre-tokenizer a file was trained with, so a future change cannot reinterpret old files. */
export const BPE_PRE_TOKENIZER = 'tfzoo-gpt2-v1';

/** Serialized `BpeTokenizer`. */
export interface BpeTokenizerJSON extends TokenizerJSON {
  kind: 'bpe';
  /** Always `tfzoo-gpt2-v1` (see `BPE_SPLIT_PATTERN`). */
  preTokenizer: string;
  /** Merges in rank order as id pairs; merge i creates id 263 + i. */
  merges: Array<[number, number]>;
  /**
   * The byte-level spelling of each merged token (id 263 + i), for people
   * reading the file; checked against `merges` on load.
   */
  tokens: string[];
}

// Pre-tokens longer than this are encoded but not cached: they are rare
// (long runs of spaces or symbols) and would only bloat the cache.
const MAX_CACHED_PIECE_LENGTH = 256;
const MAX_CACHE_ENTRIES = 100_000;

/**
 * Byte-level BPE in the style of GPT-2. Text is split into pieces by
 * `BPE_SPLIT_PATTERN` (words with their leading space, numbers, punctuation
 * runs, whitespace), each piece becomes its UTF-8 bytes (ids 7–262 for bytes
 * 0–255), and learned merges, applied earliest-first, join adjacent tokens.
 *
 * Because the base alphabet is all 256 bytes, there is no unknown input: for
 * every well-formed string, `decode(encode(s)) === s` exactly (accents in
 * either normal form, U+202F, emoji, CJK, control characters, a leading BOM).
 * A lone surrogate (a JS string that is not valid UTF-16) has no UTF-8
 * encoding; it is encoded as U+FFFD, as `TextEncoder` does, and so decodes to
 * U+FFFD. Conversely, ids whose bytes are not valid UTF-8 (say, a generation
 * cut in the middle of an emoji) decode with U+FFFD for each bad sequence;
 * use `decodeBytes` to get the raw bytes instead, e.g. when streaming.
 *
 * Line breaks are hard boundaries: if `a` ends with a line break and `b`
 * does not start with one, `encode(a + b)` is `encode(a)` then `encode(b)`,
 * so a corpus can be encoded in chunks of lines.
 *
 * Encoding caches each piece's ids (up to 100,000 pieces), so repeated words
 * cost one map lookup. Pieces are merged with a heap over a linked list, so
 * even a pathological megabyte-long piece costs O(n log n).
 *
 * @example
 * const bpe = BpeTokenizer.train([text], { vocabSize: 2000 });
 * const ids = bpe.encode('Hello, wörld 👋'); // decode(ids) gives the string back
 */
export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe';
  readonly vocabSize: number;
  /** The merges in rank order; merge i creates id `263 + i`. */
  readonly merges: readonly BpeMerge[];

  private readonly keyBase: number;
  /** Pair key → the id the pair merges into (which is also its rank). */
  private readonly mergedId = new Map<number, number>();
  /** The UTF-8 bytes of each ordinary id (empty for specials). */
  private readonly tokenBytes: Uint8Array[];
  /** The byte-level spelling of each id; specials spelled `<pad>` etc. */
  private readonly tokenText: string[];
  private readonly idByText = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  /** @param merges Id pairs in rank order, as `trainBpeMerges` returns or `merges` holds. */
  constructor(merges: readonly BpeMerge[]) {
    this.merges = merges.map(([a, b]) => [a, b] as const);
    this.vocabSize = BPE_FIRST_MERGE_ID + merges.length;
    this.keyBase = this.vocabSize;
    this.tokenBytes = new Array(this.vocabSize);
    this.tokenText = new Array(this.vocabSize);
    for (let id = 0; id < NUM_SPECIAL_TOKENS; id++) {
      this.tokenBytes[id] = new Uint8Array(0);
      this.tokenText[id] = SPECIAL_TOKEN_TEXT_BY_ID[id];
    }
    for (let b = 0; b < 256; b++) {
      this.tokenBytes[BPE_BYTE_ID_OFFSET + b] = Uint8Array.of(b);
    }
    merges.forEach(([a, b], i) => {
      const id = BPE_FIRST_MERGE_ID + i;
      for (const [side, x] of [['left', a], ['right', b]] as const) {
        if (!Number.isInteger(x) || x < BPE_BYTE_ID_OFFSET || x >= id) {
          throw new Error(
            `BPE merge ${i} (creating id ${id}): expected ${side} id in [${BPE_BYTE_ID_OFFSET}, ${id}), got ${x}`,
          );
        }
      }
      const key = a * this.keyBase + b;
      const earlier = this.mergedId.get(key);
      if (earlier !== undefined) {
        throw new Error(`BPE merge ${i} (${a}, ${b}) repeats merge ${earlier - BPE_FIRST_MERGE_ID}`);
      }
      this.mergedId.set(key, id);
      const bytes = new Uint8Array(this.tokenBytes[a].length + this.tokenBytes[b].length);
      bytes.set(this.tokenBytes[a]);
      bytes.set(this.tokenBytes[b], this.tokenBytes[a].length);
      this.tokenBytes[id] = bytes;
    });
    for (let id = BPE_BYTE_ID_OFFSET; id < this.vocabSize; id++) this.tokenText[id] = bytesToByteLevel(this.tokenBytes[id]);
    // Two merges can spell the same bytes ((ab)c and a(bc)); tokenToId gives the older id.
    for (let id = this.vocabSize - 1; id >= 0; id--) this.idByText.set(this.tokenText[id], id);
  }

  /**
   * Learns merges from texts (see `trainBpeMerges` for the algorithm) until the
   * vocabulary reaches `vocabSize` or no pair occurs `minFrequency` times.
   */
  static train(texts: Iterable<string> | string, options: BpeTrainOptions): BpeTokenizer {
    const { vocabSize, minFrequency = 2 } = options;
    if (!Number.isInteger(vocabSize) || vocabSize < BPE_FIRST_MERGE_ID) {
      throw new Error(
        `expected vocabSize to be an integer >= ${BPE_FIRST_MERGE_ID} ` +
          `(${NUM_SPECIAL_TOKENS} special + 256 byte tokens), got ${vocabSize}`,
      );
    }
    if (!Number.isInteger(minFrequency) || minFrequency < 1) {
      throw new Error(`expected minFrequency to be an integer >= 1, got ${minFrequency}`);
    }
    const pieces = countBpePieces(typeof texts === 'string' ? [texts] : texts);
    return new BpeTokenizer(trainBpeMerges(pieces, { maxMerges: vocabSize - BPE_FIRST_MERGE_ID, minFrequency }));
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of bpePreTokenize(text)) {
      let pieceIds = this.cache.get(piece);
      if (pieceIds === undefined) {
        pieceIds = this.encodePiece(piece);
        if (piece.length <= MAX_CACHED_PIECE_LENGTH) {
          if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
          this.cache.set(piece, pieceIds);
        }
      }
      for (let i = 0; i < pieceIds.length; i++) ids.push(pieceIds[i]);
    }
    return ids;
  }

  /**
   * Applies the merges to one piece: repeatedly merge the adjacent pair with
   * the earliest merge, leftmost first, until none applies. Tokens live in a
   * linked list over byte positions; the heap holds candidate (rank, position)
   * entries, and an entry is stale when the pair now at its position no longer
   * merges into its rank.
   */
  private encodePiece(piece: string): number[] {
    // Lone surrogates become EF BF BD (U+FFFD) here, the documented behaviour.
    const bytes = Buffer.from(piece, 'utf8');
    const n = bytes.length;
    if (n === 0) return [];
    const sym = new Int32Array(n);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      sym[i] = bytes[i] + BPE_BYTE_ID_OFFSET;
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const keyBase = this.keyBase;
    const heap = new PairHeap();
    for (let i = 0; i + 1 < n; i++) {
      const rank = this.mergedId.get(sym[i] * keyBase + sym[i + 1]);
      if (rank !== undefined) heap.push(rank, i);
    }
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
      const [rank, i] = top;
      const j = next[i];
      if (sym[i] < 0 || j < 0 || this.mergedId.get(sym[i] * keyBase + sym[j]) !== rank) continue;
      sym[i] = rank;
      sym[j] = -1;
      const k = next[j];
      next[i] = k;
      if (k >= 0) prev[k] = i;
      const p = prev[i];
      if (p >= 0) {
        const r = this.mergedId.get(sym[p] * keyBase + rank);
        if (r !== undefined) heap.push(r, p);
      }
      if (k >= 0) {
        const r = this.mergedId.get(rank * keyBase + sym[k]);
        if (r !== undefined) heap.push(r, i);
      }
    }
    const ids: number[] = [];
    for (let i = 0; i >= 0; i = next[i]) ids.push(sym[i]);
    return ids;
  }

  /**
   * Skipped specials are as if absent (their neighbours' bytes join up); a
   * rendered special (`keepSpecial`, or UNK) splits the byte stream, and the
   * bytes on each side are decoded on their own.
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    validateIds(ids, this.vocabSize);
    let text = '';
    let run: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= NUM_SPECIAL_TOKENS) {
        run.push(id);
      } else if (options.keepSpecial || id === SPECIAL_TOKENS.UNK) {
        text += this.utf8.decode(this.concatBytes(run)) + SPECIAL_TOKEN_TEXT_BY_ID[id];
        run = [];
      }
    }
    return text + this.utf8.decode(this.concatBytes(run));
  }

  /** The UTF-8 bytes the ids stand for, special ids skipped; for streaming decoders. */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    validateIds(ids, this.vocabSize);
    const ordinary: number[] = [];
    for (let i = 0; i < ids.length; i++) if (ids[i] >= NUM_SPECIAL_TOKENS) ordinary.push(ids[i]);
    return this.concatBytes(ordinary);
  }

  private concatBytes(ids: readonly number[]): Uint8Array {
    let length = 0;
    for (const id of ids) length += this.tokenBytes[id].length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const id of ids) {
      out.set(this.tokenBytes[id], at);
      at += this.tokenBytes[id].length;
    }
    return out;
  }

  idToToken(id: number): string | undefined {
    return Number.isInteger(id) ? this.tokenText[id] : undefined;
  }

  tokenToId(token: string): number | undefined {
    return this.idByText.get(token);
  }

  toJSON(): BpeTokenizerJSON {
    return {
      kind: 'bpe',
      vocabSize: this.vocabSize,
      preTokenizer: BPE_PRE_TOKENIZER,
      merges: this.merges.map(([a, b]) => [a, b]),
      tokens: this.tokenText.slice(BPE_FIRST_MERGE_ID),
    };
  }

  static fromJSON(json: TokenizerJSON): BpeTokenizer {
    if (json.kind !== 'bpe') throw new Error(`expected a tokenizer of kind 'bpe', got '${json.kind}'`);
    if (json.preTokenizer !== BPE_PRE_TOKENIZER) {
      throw new Error(`expected BPE preTokenizer '${BPE_PRE_TOKENIZER}', got ${JSON.stringify(json.preTokenizer)}`);
    }
    const merges = json.merges;
    if (!Array.isArray(merges) || !merges.every((m) => Array.isArray(m) && m.length === 2)) {
      throw new Error('expected BPE merges to be an array of [left, right] id pairs');
    }
    const tok = new BpeTokenizer(merges as Array<[number, number]>);
    if (json.vocabSize !== tok.vocabSize) {
      throw new Error(`BPE tokenizer declares vocabSize ${json.vocabSize}, but its ${merges.length} merges give ${tok.vocabSize}`);
    }
    if (json.tokens !== undefined) {
      const tokens = json.tokens;
      if (!Array.isArray(tokens) || tokens.length !== merges.length) {
        throw new Error(`expected BPE tokens to list ${merges.length} merged tokens`);
      }
      tokens.forEach((t, i) => {
        const id = BPE_FIRST_MERGE_ID + i;
        if (t !== tok.tokenText[id]) {
          throw new Error(`BPE token ${id} is spelled ${JSON.stringify(t)}, but its merge gives ${JSON.stringify(tok.tokenText[id])}`);
        }
      });
    }
    return tok;
  }
}
