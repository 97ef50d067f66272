import { markdownSections } from './markdownSections';

describe('markdownSections', () => {
  it('splits at ATX and setext headings and tracks the heading trail', () => {
    const md = [
      'Intro text.',
      '',
      '# Guide',
      'Guide body.',
      '## Install ##',
      'Install body.',
      '',
      'Usage',
      '-----',
      'Usage body.',
      '# Reference',
      'Ref body.',
    ].join('\n');
    const sections = markdownSections(md);
    expect(sections.map((s) => [s.headings.map((h) => `${h.level}:${h.text}`), md.slice(s.start, s.end).trim()])).toEqual([
      [[], 'Intro text.'],
      [['1:Guide'], 'Guide body.'],
      [['1:Guide', '2:Install'], 'Install body.'],
      [['1:Guide', '2:Usage'], 'Usage body.'],
      [['1:Reference'], 'Ref body.'],
    ]);
  });

  it('ignores # lines inside fenced code and records the fences', () => {
    const md = ['# Shell', '```bash', '# not a heading', 'ls', '```', 'after', '~~~~', '```', '# still code', '~~~~'].join('\n');
    const [section] = markdownSections(md);
    expect(section.headings.map((h) => h.text)).toEqual(['Shell']);
    expect(section.fences.map(([a, b]) => md.slice(a, b))).toEqual(['```bash\n# not a heading\nls\n```', '~~~~\n```\n# still code\n~~~~']);
  });

  it('runs an unclosed fence to the end, skips front matter and cleans heading markup', () => {
    const md = ['---', 'title: x', '---', '## The `chunkText` [API](api.md) **now**', 'body', '```', '# code'].join('\n');
    const sections = markdownSections(md);
    expect(sections).toHaveLength(1);
    expect(sections[0].headings[0]).toEqual({ level: 2, text: 'The chunkText API now' });
    expect(md.slice(...sections[0].fences[0])).toBe('```\n# code');
  });

  it('does not take a thematic break under a paragraph line for a heading unless the line starts a block', () => {
    const md = ['Line one', 'line two', '---', 'more'].join('\n');
    expect(markdownSections(md).map((s) => s.headings)).toEqual([[]]);
  });
});
