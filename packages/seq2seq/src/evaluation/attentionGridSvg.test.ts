import { attentionGridSvg } from './attentionGridSvg';
import { xmlProblems } from './test-helpers/wellFormedXml';

/** The translate() of each top-level panel group: panels are the groups that contain cells. */
function panelOrigins(svg: string): Array<[number, number]> {
  return [...svg.matchAll(/<g transform="translate\(([\d.]+) ([\d.]+)\)">\n(?=<text x="[\d.]+" y="[\d.]+" text-anchor="middle" font-weight="bold">)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

describe('attentionGridSvg', () => {
  const rowLabels = ['a', 'b'];
  const columnLabels = ['x', 'y', 'z'];
  const head = (k: number) => [
    [k / 10, 0.1, 0.2],
    [0.3, 0.4, k / 20],
  ];
  const heads = [0, 1, 2, 3, 4].map(head);

  it('draws one small heatmap per head, each with its own cells and title', () => {
    const svg = attentionGridSvg({ rowLabels, columnLabels, heads, title: 'layer 2 <self>' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(5 * 6);
    for (let h = 0; h < 5; h++) expect(svg).toContain(`font-weight="bold">head ${h}</text>`);
    expect(svg).toContain('layer 2 &lt;self&gt;');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // One legend for the whole grid.
    expect(svg.match(/<rect class="legend"/g)?.length).toBe(32);
  });

  it('arranges panels about square by default, or in the requested number of columns', () => {
    // 5 heads → ceil(√5) = 3 per row: 3 + 2.
    const square = panelOrigins(attentionGridSvg({ rowLabels, columnLabels, heads }));
    expect(square).toHaveLength(5);
    expect(new Set(square.map(([, y]) => y)).size).toBe(2);
    expect(new Set(square.map(([x]) => x)).size).toBe(3);
    const oneRow = panelOrigins(attentionGridSvg({ rowLabels, columnLabels, heads, columns: 5 }));
    expect(new Set(oneRow.map(([, y]) => y)).size).toBe(1);
    const oneColumn = panelOrigins(attentionGridSvg({ rowLabels, columnLabels, heads, columns: 1 }));
    expect(new Set(oneColumn.map(([x]) => x)).size).toBe(1);
  });

  it('colours all heads on one shared scale', () => {
    // Head 0 peaks at 0.4, the other head at 0.8: 0.4 must look the same in both
    // heads, and not darkest, because the scale runs to the grid's maximum.
    const strong = [
      [0.8, 0.4, 0],
      [0, 0, 0],
    ];
    const svg = attentionGridSvg({ rowLabels, columnLabels, heads: [head(0), strong] });
    const fills = [...svg.matchAll(/<rect class="cell"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(12);
    expect(fills[4]).toBe(fills[7]); // 0.4 at (1, 1) of head 0 and at (0, 1) of the other
    expect(fills[4]).not.toBe('#08306b');
    expect(fills[6]).toBe('#08306b'); // 0.8, the maximum
    expect(fills[0]).toBe('#ffffff'); // 0
  });

  it('uses the given head titles', () => {
    const svg = attentionGridSvg({ rowLabels, columnLabels, heads: [head(1), head(2)], headTitles: ['h<1>', 'h&2'] });
    expect(svg).toContain('>h&lt;1&gt;</text>');
    expect(svg).toContain('>h&amp;2</text>');
  });

  it('rejects bad input, naming the head', () => {
    expect(() => attentionGridSvg({ rowLabels, columnLabels, heads: [] })).toThrow('attentionGridSvg: expected at least one head in heads (H, T, S), got none');
    expect(() => attentionGridSvg({ rowLabels, columnLabels, heads: [head(1), [[1, 2, 3]]] })).toThrow(
      'attentionGridSvg: expected heads[1] to have 2 rows (one per row label), got 1',
    );
    expect(() => attentionGridSvg({ rowLabels, columnLabels, heads: [head(1), [[1, 2, 3], [1, 2]]] })).toThrow(
      'expected heads[1][1] to have 3 columns (one per column label), got 2',
    );
    expect(() => attentionGridSvg({ rowLabels, columnLabels, heads: [head(1)], headTitles: ['a', 'b'] })).toThrow('expected one head title per head (1), got 2');
    expect(() => attentionGridSvg({ rowLabels, columnLabels, heads: [head(1)], columns: 0 })).toThrow('expected columns to be an integer >= 1, got 0');
  });
});
