import { IncrementalDecoder, type GPT } from '@tfzoo/gpt';
import { isSpecialId, SPECIAL_TOKENS, type Tokenizer } from '@tfzoo/tokenizers';

/** Options of {@link decodeExtractive}. */
export interface ExtractiveOptions {
  /** Most answer tokens (EOS not counted). */
  maxTokens: number;
  /**
   * Copy whole words only: the answer starts where a word starts and ends where one ends,
   * and holds at least one letter or digit. Default true. A subword tokenizer can
   * otherwise copy "er" out of "river", which no reader (and no SQuAD scorer) accepts.
   */
  wholeWords?: boolean;
  /**
   * Whether the tokens copied so far may be the whole answer (EOS is offered only then),
   * e.g. "not only an article", which a SQuAD scorer normalises to nothing. Default: any.
   */
  canEnd?: (ids: readonly number[]) => boolean;
}

/** What {@link decodeExtractive} returns. */
export interface ExtractiveDecoding {
  /** The answer's token ids (no EOS): always a contiguous run of some source. */
  ids: number[];
  /** Why it ended: the model chose EOS, no source continues the copied run, or `maxTokens` was reached. */
  stopReason: 'eos' | 'endOfSource' | 'maxTokens';
}

/**
 * Greedy decoding constrained to copying: every answer is a contiguous run of tokens of
 * one of the `sources` (the passage spans of the prompt). At each step the model's most
 * likely token is taken among those that extend the copied run somewhere in a source, or
 * EOS where the run may end. This is what makes a small GPT's answers honest: it chooses
 * where to copy from and where to stop, but cannot make up words, and SQuAD-style answers
 * are exactly such spans.
 *
 * It tracks the source positions matching the tokens so far (each token narrows the
 * set), so a step costs O(matches) besides the model's forward pass (KV cache). Special
 * ids (UNK included) are never copied. With `wholeWords` (default) a run starts only at a
 * word boundary and EOS is allowed only at one, once the run holds a letter or digit;
 * boundaries are read from the tokens' text (a token starting with a space or punctuation
 * starts a word, as do the tokens after punctuation).
 */
export async function decodeExtractive(gpt: GPT, promptIds: readonly number[], sources: readonly (readonly number[])[], options: ExtractiveOptions): Promise<ExtractiveDecoding> {
  const { maxTokens } = options;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`decodeExtractive: expected maxTokens to be an integer >= 1, got ${maxTokens}`);
  const words = (options.wholeWords ?? true) ? new WordBoundaries(gpt.tokenizer) : null;
  // Every (source, position) whose token could come next: at first, every copyable token that may start an answer.
  let matches: [number, number][] = [];
  sources.forEach((source, s) => {
    for (let i = 0; i < source.length; i++) if (!isSpecialId(source[i]) && (words === null || words.startsAt(source, i))) matches.push([s, i]);
  });
  if (matches.length === 0) return { ids: [], stopReason: 'endOfSource' };
  const decoder = new IncrementalDecoder(gpt.layers, gpt.config.blockSize);
  const ids: number[] = [];
  let hasWordCharacter = false;
  try {
    let logits = await decoder.start([...promptIds]);
    for (;;) {
      const allowed = new Set<number>();
      let mayEnd = ids.length > 0 && (words === null || hasWordCharacter) && (options.canEnd?.(ids) ?? true);
      let endable = false;
      for (const [s, i] of matches) {
        const source = sources[s];
        if (i < source.length && !isSpecialId(source[i])) allowed.add(source[i]);
        if (mayEnd && (words === null || words.endsBefore(source, i))) endable = true;
      }
      mayEnd = mayEnd && endable;
      if (mayEnd) allowed.add(SPECIAL_TOKENS.EOS);
      if (allowed.size === 0) return { ids, stopReason: 'endOfSource' };
      let best = -1;
      for (const id of allowed) if (best < 0 || logits[id] > logits[best] || (logits[id] === logits[best] && id < best)) best = id;
      if (best === SPECIAL_TOKENS.EOS) return { ids, stopReason: allowed.size === 1 ? 'endOfSource' : 'eos' };
      ids.push(best);
      if (words !== null && words.hasWordCharacter(best)) hasWordCharacter = true;
      matches = matches.filter(([s, i]) => sources[s][i] === best).map(([s, i]) => [s, i + 1]);
      if (ids.length >= maxTokens) return { ids, stopReason: 'maxTokens' };
      logits = await decoder.append(best);
    }
  } finally {
    decoder.dispose();
  }
}

/** Word boundaries between tokens, from each token's text (cached); shared with `scoreSpans`. */
export class WordBoundaries {
  private readonly texts = new Map<number, string>();

  constructor(private readonly tokenizer: Tokenizer) {}

  /** Whether a word starts at position i of the source: its first token, or a boundary before token i. */
  startsAt(source: readonly number[], i: number): boolean {
    return i === 0 || this.boundary(source[i - 1], source[i]);
  }

  /** Whether a run ending just before position i ends a word: the source's end, or a boundary there. */
  endsBefore(source: readonly number[], i: number): boolean {
    return i >= source.length || isSpecialId(source[i]) || this.boundary(source[i - 1], source[i]);
  }

  hasWordCharacter(id: number): boolean {
    return /[\p{L}\p{N}]/u.test(this.text(id));
  }

  /** A boundary lies between two tokens unless both touch with word characters (letters, marks, digits). */
  private boundary(before: number, after: number): boolean {
    return !/[\p{L}\p{M}\p{N}]$/u.test(this.text(before)) || !/^[\p{L}\p{M}\p{N}]/u.test(this.text(after));
  }

  private text(id: number): string {
    let t = this.texts.get(id);
    if (t === undefined) {
      t = isSpecialId(id) ? ' ' : this.tokenizer.decode([id]);
      this.texts.set(id, t);
    }
    return t;
  }
}
