import { BREAK, locateWords, resolveChunkOptions, type ChunkOptions, type LocatedWord } from './chunkWords';
import { chunksOf, type TextChunk } from './chunkText';
import { markdownSections, type MarkdownHeading } from './markdownSections';

/** A chunk of a Markdown document with the headings it sits under. */
export interface MarkdownChunk extends TextChunk {
  /** Outermost first; empty for text before the first heading. */
  headings: MarkdownHeading[];
  /** The heading texts joined by ` > ` (`Guide > Install`), or undefined before the first heading. */
  title: string | undefined;
}

/**
 * Splits Markdown into chunks that never cross a heading: each section (the text
 * under a heading) is chunked like plain text (see `chunkText`), with the heading
 * trail as its title and the heading lines themselves left out of the chunk text.
 * A fenced code block is kept whole whenever it fits in a chunk; one longer than
 * `maxTokens` is cut at line ends. Chunk text is the Markdown source, verbatim.
 *
 * @example
 * chunkMarkdown(readFileSync('README.md', 'utf8'), { maxTokens: 200 }).map((c) => `${c.title}: ${c.text.slice(0, 40)}`)
 */
export function chunkMarkdown(markdown: string, options: ChunkOptions = {}): MarkdownChunk[] {
  const resolved = resolveChunkOptions(options);
  const out: MarkdownChunk[] = [];
  for (const section of markdownSections(markdown)) {
    const words = locateWords(markdown, section.start, section.end, resolved.countTokens);
    markCodeBlocks(words, section.fences, markdown);
    if (words.length === 0) continue;
    const title = section.headings.length > 0 ? section.headings.map((h) => h.text).join(' > ') : undefined;
    for (const chunk of chunksOf(markdown, words, options)) out.push({ ...chunk, headings: section.headings, title });
  }
  return out;
}

/** Rewrites break strengths in and around code blocks: cut around a block, inside it only as a last resort. */
function markCodeBlocks(words: LocatedWord[], fences: ReadonlyArray<[number, number]>, text: string): void {
  if (fences.length === 0) return;
  let f = 0;
  let previousFence = -1;
  for (let i = 0; i < words.length; i++) {
    while (f < fences.length && fences[f][1] <= words[i].start) f++;
    const fence = f < fences.length && fences[f][0] <= words[i].start ? f : -1;
    if (i > 0 && (fence !== -1 || previousFence !== -1)) {
      if (fence === previousFence) {
        words[i].breakBefore = text.slice(words[i - 1].end, words[i].start).includes('\n') ? BREAK.codeLine : BREAK.codeWord;
      } else {
        words[i].breakBefore = BREAK.paragraph;
      }
    }
    previousFence = fence;
  }
}
