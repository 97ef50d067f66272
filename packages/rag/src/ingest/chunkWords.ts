/**
 * The chunking engine behind `chunkText` and `chunkMarkdown`: packs words into
 * chunks of at most `maxTokens`, cutting at the strongest boundary available
 * (paragraph, then sentence, then line, then word; inside code blocks only when
 * nothing else fits), with optional overlap between consecutive chunks.
 */

/** How strongly the text separates a word from the one before it; cuts prefer higher. */
export const BREAK = {
  /** Inside a fenced code block, same line. */
  codeWord: 0,
  /** Inside a fenced code block, new line. */
  codeLine: 1,
  word: 2,
  line: 3,
  sentence: 4,
  /** A blank line, or the edge of a code block. */
  paragraph: 5,
} as const;

/** One word of the source, located by character offsets. */
export interface LocatedWord {
  start: number;
  /** Exclusive. */
  end: number;
  /** Tokens it counts for. */
  cost: number;
  /** A {@link BREAK} strength between this word and the previous one (ignored for the first). */
  breakBefore: number;
}

/** Options shared by the chunkers. */
export interface ChunkOptions {
  /**
   * Most tokens in a chunk, overlap included. Default 128. A single word costing more
   * (a huge URL under a subword tokenizer) still becomes a chunk of its own.
   */
  maxTokens?: number;
  /**
   * Tokens from the end of a chunk repeated at the start of the next, so a fact cut by a
   * boundary is whole in one of them. Must be below maxTokens / 2. Default 0.
   */
  overlap?: number;
  /**
   * Tokens one whitespace-separated word counts for. Default 1 (limits are in words).
   * Pass `tokenCounter(tokenizer)` to count a model's tokens instead.
   */
  countTokens?: (word: string) => number;
}

/** One chunk as word indices: words[start, end); words before contentStart repeat the previous chunk. */
export interface WordSpan {
  start: number;
  contentStart: number;
  end: number;
  tokens: number;
}

/** Checked and defaulted chunk options. */
export interface ResolvedChunkOptions {
  maxTokens: number;
  overlap: number;
  countTokens: (word: string) => number;
}

export function resolveChunkOptions(options: ChunkOptions): ResolvedChunkOptions {
  const maxTokens = options.maxTokens ?? 128;
  const overlap = options.overlap ?? 0;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`expected maxTokens to be a positive integer, got ${options.maxTokens}`);
  if (!Number.isInteger(overlap) || overlap < 0 || 2 * overlap >= maxTokens) {
    throw new Error(`expected overlap to be an integer in [0, maxTokens / 2) = [0, ${Math.ceil(maxTokens / 2)}), got ${options.overlap}`);
  }
  return { maxTokens, overlap, countTokens: options.countTokens ?? (() => 1) };
}

/** Packs `words` into spans; every word is in exactly one span's [contentStart, end). */
export function chunkWords(words: readonly LocatedWord[], options: ResolvedChunkOptions): WordSpan[] {
  const { maxTokens, overlap } = options;
  const spans: WordSpan[] = [];
  const n = words.length;
  let start = 0;
  let contentStart = 0;
  while (contentStart < n) {
    let tokens = 0;
    for (let i = start; i < contentStart; i++) tokens += words[i].cost;
    let end = contentStart;
    while (end < n && tokens + words[end].cost <= maxTokens) tokens += words[end++].cost;
    if (end === contentStart) tokens += words[end++].cost; // one word over the limit on its own

    if (end < n) {
      // Cut at the last strongest boundary in (contentStart, end].
      let cut = end;
      for (let p = end - 1; p > contentStart; p--) if (words[p].breakBefore > words[cut].breakBefore) cut = p;
      for (let i = cut; i < end; i++) tokens -= words[i].cost;
      end = cut;
    }
    spans.push({ start, contentStart, end, tokens });
    if (end >= n) break;
    start = overlapStart(words, end, overlap, contentStart);
    contentStart = end;
  }
  return spans;
}

/**
 * Where the next chunk starts so that it repeats at most `overlap` tokens before
 * `end`: the strongest boundary in that window (a sentence start reads better
 * than a mid-sentence word), the earliest of equals. Never before `floor`.
 */
function overlapStart(words: readonly LocatedWord[], end: number, overlap: number, floor: number): number {
  let best = end;
  let tokens = 0;
  for (let p = end - 1; p > floor; p--) {
    tokens += words[p].cost;
    if (tokens > overlap) break;
    if (best === end || words[p].breakBefore >= words[best].breakBefore) best = p;
  }
  return best;
}

/** Sentence-final punctuation, possibly followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?…。！？]["'”’)\]]*$/u;
const BLANK_LINE = /\n[^\S\n]*\n/;

/** The break strength of prose between word `prev` and the gap text before the next word. */
export function proseBreak(prevWord: string, gap: string): number {
  if (BLANK_LINE.test(gap)) return BREAK.paragraph;
  if (SENTENCE_END.test(prevWord)) return BREAK.sentence;
  return gap.includes('\n') ? BREAK.line : BREAK.word;
}

/** The whitespace-separated words of text[from, to), with prose break strengths. */
export function locateWords(text: string, from: number, to: number, countTokens: (word: string) => number): LocatedWord[] {
  const words: LocatedWord[] = [];
  const pattern = /\S+/g;
  pattern.lastIndex = from;
  let prevEnd = from;
  let prevWord = '';
  for (let m = pattern.exec(text); m !== null && m.index < to; m = pattern.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    const word = text.slice(m.index, end);
    const cost = countTokens(word);
    if (!(cost >= 0) || !Number.isFinite(cost)) throw new Error(`expected countTokens to return a number >= 0, got ${cost} for ${JSON.stringify(word)}`);
    words.push({ start: m.index, end, cost, breakBefore: words.length === 0 ? BREAK.paragraph : proseBreak(prevWord, text.slice(prevEnd, m.index)) });
    prevEnd = end;
    prevWord = word;
    if (end === to) break;
  }
  return words;
}
