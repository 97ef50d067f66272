import { chunkMarkdown } from './chunkMarkdown';

const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0);

const doc = [
  '# tfzoo',
  'A model zoo on TensorFlow.js.',
  '',
  '## Install',
  'Run this:',
  '',
  '```bash',
  'pnpm install',
  'pnpm build --filter @tfzoo/rag',
  '```',
  '',
  'Then read the guide.',
  '',
  '## Usage',
  'Import it and call ingestPaths on your docs folder to get passages.',
].join('\n');

describe('chunkMarkdown', () => {
  it('titles chunks with the heading trail and never crosses a heading', () => {
    const chunks = chunkMarkdown(doc, { maxTokens: 100 });
    expect(chunks.map((c) => [c.title, c.text])).toEqual([
      ['tfzoo', 'A model zoo on TensorFlow.js.'],
      ['tfzoo > Install', 'Run this:\n\n```bash\npnpm install\npnpm build --filter @tfzoo/rag\n```\n\nThen read the guide.'],
      ['tfzoo > Usage', 'Import it and call ingestPaths on your docs folder to get passages.'],
    ]);
  });

  it('keeps a code block whole when it fits, cutting around it instead', () => {
    // The Install section is 14 words, the fence 8 of them: with 9 tokens a word-level cut would
    // split the fence after "Run this: ```bash ..."; the block goes whole into its own chunk instead.
    const fence = '```bash\npnpm install\npnpm build --filter @tfzoo/rag\n```';
    const install = (maxTokens: number) => chunkMarkdown(doc, { maxTokens }).filter((c) => c.title === 'tfzoo > Install').map((c) => c.text);
    expect(install(9)).toEqual(['Run this:', fence, 'Then read the guide.']);
    expect(install(10)).toEqual([`Run this:\n\n${fence}`, 'Then read the guide.']);
  });

  it('cuts a code block longer than the limit at line ends', () => {
    const code = ['```', ...Array.from({ length: 6 }, (_, i) => `line${i} a b`), '```'].join('\n');
    const chunks = chunkMarkdown(`# Code\n${code}`, { maxTokens: 7 });
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(7);
      // Cuts fall between lines: no chunk starts mid-line.
      expect(c.text.startsWith('line') || c.text.startsWith('```')).toBe(true);
    }
    expect(chunks.flatMap((c) => words(c.text))).toEqual(words(code));
  });

  it('keeps every body word once (headings go to titles), with overlap removed', () => {
    for (const maxTokens of [4, 6, 9, 30]) {
      const chunks = chunkMarkdown(doc, { maxTokens, overlap: 1 });
      const bodyWords = words(doc.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
      expect(chunks.flatMap((c) => words(doc.slice(c.contentStart, c.end)))).toEqual(bodyWords);
    }
  });
});
