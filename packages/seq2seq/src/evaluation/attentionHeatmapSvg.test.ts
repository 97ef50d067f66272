import { attentionHeatmapSvg } from './attentionHeatmapSvg';
import { xmlProblems } from './test-helpers/wellFormedXml';

/** (x, y, fill) of every cell, in document order. */
function cells(svg: string): Array<{ x: number; y: number; fill: string }> {
  return [...svg.matchAll(/<rect class="cell" x="([\d.]+)" y="([\d.]+)" [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    fill: m[3],
  }));
}

const labelsOf = (svg: string, kind: string) => [...svg.matchAll(new RegExp(`<text class="${kind}"[^>]*>([^<]*)`, 'g'))].map((m) => m[1]);

describe('attentionHeatmapSvg', () => {
  const rowLabels = ['le', 'chat', '</s>'];
  const columnLabels = ['the', 'cat', '&', '"sat"'];
  const weights = [
    [0.7, 0.1, 0.1, 0.1],
    [0.05, 0.9, 0.0, 0.05],
    [0.25, 0.25, 0.25, 0.25],
  ];

  it('draws one cell per weight in a well-formed SVG document', () => {
    const svg = attentionHeatmapSvg({ rowLabels, columnLabels, weights, title: 'cross-attention <layer 1>' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(cells(svg)).toHaveLength(12);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('cross-attention &lt;layer 1&gt;');
  });

  it('lays rows out top to bottom and columns left to right, darkest at the largest weight', () => {
    const c = cells(attentionHeatmapSvg({ rowLabels, columnLabels, weights }));
    const xs = [...new Set(c.map((cell) => cell.x))];
    const ys = [...new Set(c.map((cell) => cell.y))];
    expect(xs).toHaveLength(4);
    expect(ys).toHaveLength(3);
    expect(c[0].x).toBeLessThan(c[1].x);
    expect(c[0].y).toBeLessThan(c[4].y);
    // Row 1, column 1 holds the maximum (0.9); row 1, column 2 holds 0.
    expect(c[5].fill).toBe('#08306b');
    expect(c[6].fill).toBe('#ffffff');
  });

  it('escapes labels and rotates the column labels', () => {
    const svg = attentionHeatmapSvg({ rowLabels, columnLabels, weights });
    expect(labelsOf(svg, 'row-label')).toEqual(['le', 'chat', '&lt;/s&gt;']);
    expect(labelsOf(svg, 'column-label')).toEqual(['the', 'cat', '&amp;', '&quot;sat&quot;']);
    expect(svg.match(/<text class="column-label" transform="translate\([\d.]+ [\d.]+\) rotate\(-90\)"/g)).toHaveLength(4);
    // Hover titles name both tokens and the weight.
    expect(svg).toContain('<title>chat → cat: 0.90</title>');
  });

  it('draws a legend spanning the colour scale', () => {
    const svg = attentionHeatmapSvg({ rowLabels, columnLabels, weights });
    const legend = [...svg.matchAll(/<rect class="legend"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(legend.length).toBeGreaterThan(10);
    // Darkest block at the top, lightest at the bottom, with the bounds printed.
    expect(legend[0] < legend[legend.length - 1]).toBe(true);
    expect(svg).toContain('>0.90</text>');
    expect(svg).toContain('>0.00</text>');
  });

  it('follows explicit bounds, prints values on request and shortens long labels', () => {
    const long = 'a'.repeat(30);
    const svg = attentionHeatmapSvg({ rowLabels: [long], columnLabels: ['x', 'y'], weights: [[0.5, 1]], minWeight: 0, maxWeight: 2, showValues: true, maxLabelLength: 10 });
    expect(xmlProblems(svg)).toEqual([]);
    const c = cells(svg);
    expect(c[0].fill).not.toBe('#ffffff');
    expect(c[1].fill).not.toBe('#08306b'); // 1 is only halfway to maxWeight 2
    expect(svg).toContain('>0.50</text>');
    expect(svg).toContain(`>${'a'.repeat(9)}…<title>${long}</title>`);
  });

  it('copes with constant weights and a single cell', () => {
    const svg = attentionHeatmapSvg({ rowLabels: ['x'], columnLabels: ['y'], weights: [[0]] });
    expect(xmlProblems(svg)).toEqual([]);
    expect(cells(svg)).toEqual([expect.objectContaining({ fill: '#ffffff' })]);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('accepts typed-array rows, as from tensor.dataSync()', () => {
    const flat = Float32Array.from([0.2, 0.8, 1, 0]);
    const svg = attentionHeatmapSvg({ rowLabels: ['a', 'b'], columnLabels: ['c', 'd'], weights: [flat.subarray(0, 2), flat.subarray(2)] });
    expect(cells(svg).map((c) => c.fill)).toEqual([expect.any(String), expect.any(String), '#08306b', '#ffffff']);
  });

  it('rejects weights that do not match the labels, naming the mismatch', () => {
    expect(() => attentionHeatmapSvg({ rowLabels: ['a', 'b'], columnLabels: ['c'], weights: [[1]] })).toThrow(
      'attentionHeatmapSvg: expected weights to have 2 rows (one per row label), got 1',
    );
    expect(() => attentionHeatmapSvg({ rowLabels: ['a', 'b'], columnLabels: ['c', 'd'], weights: [[1, 0], [1]] })).toThrow(
      'attentionHeatmapSvg: expected weights[1] to have 2 columns (one per column label), got 1',
    );
    expect(() => attentionHeatmapSvg({ rowLabels: ['a'], columnLabels: ['c', 'd'], weights: [[1, NaN]] })).toThrow(
      'expected finite weights, got NaN at weights[0][1]',
    );
    expect(() => attentionHeatmapSvg({ rowLabels: [], columnLabels: [], weights: [] })).toThrow('expected at least one row and one column label, got 0 rows and 0 columns');
    expect(() => attentionHeatmapSvg({ rowLabels: ['a'], columnLabels: ['b'], weights: [[1]], cellSize: 0 })).toThrow('expected cellSize > 0, got 0');
  });

  test('a long title widens the figure instead of being clipped', () => {
    const width = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const plain = attentionHeatmapSvg({ rowLabels: ['a'], columnLabels: ['b'], weights: [[1]] });
    const titled = attentionHeatmapSvg({ rowLabels: ['a'], columnLabels: ['b'], weights: [[1]], title: 'x'.repeat(120) });
    expect(width(titled)).toBeGreaterThan(width(plain));
    expect(width(titled)).toBeGreaterThanOrEqual(120 * 0.6 * 12); // 120 characters at 0.6 em of a ≥ 12 px heading font
  });
});
