import { xmlProblems } from './wellFormedXml';

describe('xmlProblems', () => {
  it('accepts well-formed markup', () => {
    expect(xmlProblems('<svg a="1"><g><text x="0">a &amp; b &#233;</text><rect/></g></svg>\n')).toEqual([]);
  });

  it('finds the mistakes an XML parser would reject', () => {
    expect(xmlProblems('<svg><g></svg>')).toContain('</svg> closes <g>');
    expect(xmlProblems('<svg><text>a & b</text></svg>')).toEqual(['bare & in text: "& b"']);
    expect(xmlProblems('<svg a="x" a="y"/>')).toEqual(['duplicate attribute a in <svg>']);
    expect(xmlProblems('<svg a=x/>')[0]).toMatch(/^malformed attributes in <svg>/);
    expect(xmlProblems('<svg/><svg/>')).toEqual(['expected one root element, got 2']);
    expect(xmlProblems('<svg><text>a < b</text></svg>').length).toBeGreaterThan(0);
    expect(xmlProblems('<svg>')).toEqual(['unclosed <svg>']);
  });
});
