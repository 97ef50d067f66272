/** A Markdown heading. */
export interface MarkdownHeading {
  /** 1 for `#`, 2 for `##` (and setext `---`)... */
  level: number;
  /** The heading text without markers and inline formatting. */
  text: string;
}

/** The text under one heading, up to the next heading. */
export interface MarkdownSection {
  /** The headings it sits under, outermost first (empty before the first heading). */
  headings: MarkdownHeading[];
  /** Body offsets in the document (the heading line itself excluded). */
  start: number;
  end: number;
  /** Fenced code blocks in the body, as [start, end) offsets from the opening to the end of the closing fence line. */
  fences: Array<[number, number]>;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FRONT_MATTER_END = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Splits Markdown into sections at ATX (`## Title`) and setext (`Title` over `===`)
 * headings, ignoring `#` lines inside fenced code blocks, and records each
 * section's code blocks so the chunker can avoid cutting inside them. YAML front
 * matter (`---` ... `---` at the top) is skipped. Line ends may be LF or CRLF.
 */
export function markdownSections(text: string): MarkdownSection[] {
  const lines = lineSpans(text);
  const sections: MarkdownSection[] = [];
  const trail: MarkdownHeading[] = [];
  let current: MarkdownSection = { headings: [], start: 0, end: text.length, fences: [] };
  const firstLine = skipFrontMatter(lines, text);
  if (firstLine > 0) current.start = lines[firstLine - 1].next;
  let i = firstLine;
  // A setext heading is a one-line paragraph over its underline; it must start a block.
  let blockStart = true;

  const startSection = (heading: MarkdownHeading, headingStart: number, bodyStart: number) => {
    current.end = headingStart;
    sections.push(current);
    while (trail.length > 0 && trail[trail.length - 1].level >= heading.level) trail.pop();
    trail.push(heading);
    current = { headings: trail.slice(), start: bodyStart, end: text.length, fences: [] };
  };

  while (i < lines.length) {
    const line = lines[i];
    const content = text.slice(line.start, line.end);
    const fence = FENCE_OPEN.exec(content);
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      const close = findFenceClose(lines, text, i + 1, fence[1]);
      const last = close ?? lines.length - 1; // an unclosed fence runs to the end (CommonMark)
      current.fences.push([line.start, lines[last].end]);
      i = last + 1;
      blockStart = true;
      continue;
    }
    const atx = ATX_HEADING.exec(content);
    if (atx) {
      startSection({ level: atx[1].length, text: plainHeading(atx[2] ?? '') }, line.start, line.next);
      i++;
      blockStart = true;
      continue;
    }
    const next = lines[i + 1];
    const blank = content.trim() === '';
    if (next && !blank && blockStart && SETEXT_UNDERLINE.test(text.slice(next.start, next.end))) {
      const level = text.slice(next.start, next.end).trim()[0] === '=' ? 1 : 2;
      startSection({ level, text: plainHeading(content.trim()) }, line.start, next.next);
      i += 2;
      blockStart = true;
      continue;
    }
    blockStart = blank;
    i++;
  }
  sections.push(current);
  return sections.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

/** `[docs](x.md)` → `docs`, `` `code` `` → `code`, `**bold**` → `bold`. */
function plainHeading(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](.+?)[*_](?=\W|$)/g, '$1$2')
    .trim();
}

interface LineSpan {
  start: number;
  /** End of the content, before `\r\n` / `\n`. */
  end: number;
  /** Start of the next line. */
  next: number;
}

function lineSpans(text: string): LineSpan[] {
  const out: LineSpan[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl + 1;
    let end = nl === -1 ? text.length : nl;
    if (end > start && text[end - 1] === '\r') end--;
    out.push({ start, end, next });
    start = next;
  }
  return out;
}

function findFenceClose(lines: readonly LineSpan[], text: string, from: number, opening: string): number | null {
  for (let j = from; j < lines.length; j++) {
    const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text.slice(lines[j].start, lines[j].end));
    if (m && m[1][0] === opening[0] && m[1].length >= opening.length) return j;
  }
  return null;
}

/** Index of the first line after YAML front matter (0 when there is none). */
function skipFrontMatter(lines: readonly LineSpan[], text: string): number {
  if (lines.length === 0 || text.slice(lines[0].start, lines[0].end).trimEnd() !== '---') return 0;
  for (let j = 1; j < lines.length; j++) {
    if (FRONT_MATTER_END.test(text.slice(lines[j].start, lines[j].end))) return j + 1;
  }
  return 0;
}
