import { escapeXml } from './escapeXml';

describe('escapeXml', () => {
  it('escapes the markup characters, & first so nothing is escaped twice', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('replaces characters XML cannot hold, and keeps everything else', () => {
    expect(escapeXml('a\x00b\x1bc\ud800d')).toBe('a\ufffdb\ufffdc\ufffdd');
    expect(escapeXml('tab\there, ▁wörd 😀 中')).toBe('tab\there, ▁wörd 😀 中');
  });
});
