import { chunkWords, locateWords, resolveChunkOptions, type ChunkOptions, type LocatedWord } from './chunkWords';

/** One chunk of a document. Offsets are UTF-16 indices into the document. */
export interface TextChunk {
  /** `document.slice(start, end)`: the chunk verbatim, overlap included. */
  text: string;
  start: number;
  /** Exclusive. */
  end: number;
  /**
   * Where the text that is new in this chunk begins; [start, contentStart) repeats the end
   * of the previous chunk. The [contentStart, end) ranges of all chunks cover every word
   * of the document once, in order.
   */
  contentStart: number;
  /** Tokens in the chunk, overlap included, as counted by `countTokens`. */
  tokens: number;
}

/**
 * Splits plain text into chunks of at most `maxTokens` tokens: whole paragraphs
 * (separated by blank lines) are packed together while they fit; a paragraph too
 * long for one chunk is cut at the last sentence end that fits, else at a line
 * break, else between words. Consecutive chunks share up to `overlap` tokens,
 * starting at a sentence start where the window holds one.
 *
 * @example
 * chunkText(readFileSync('notes.txt', 'utf8'), { maxTokens: 100, overlap: 20 }).map((c) => c.text)
 */
export function chunkText(text: string, options: ChunkOptions = {}): TextChunk[] {
  const resolved = resolveChunkOptions(options);
  return chunksOf(text, locateWords(text, 0, text.length, resolved.countTokens), resolved);
}

/** Chunks of pre-located words (the Markdown chunker locates its own, aware of code blocks). */
export function chunksOf(text: string, words: readonly LocatedWord[], options: ChunkOptions): TextChunk[] {
  return chunkWords(words, resolveChunkOptions(options)).map((span) => {
    const start = words[span.start].start;
    const end = words[span.end - 1].end;
    return { text: text.slice(start, end), start, end, contentStart: words[span.contentStart].start, tokens: span.tokens };
  });
}
