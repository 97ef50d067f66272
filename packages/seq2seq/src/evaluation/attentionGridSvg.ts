import { checkWeights, colorScale, drawHeading, headingWidth, drawLegend, drawPanel, HeatmapStyleOptions, resolveStyle, svgDocument, translated } from './heatmapPanel';

/** Arguments of `attentionGridSvg`. */
export interface AttentionGridOptions extends HeatmapStyleOptions {
  /** One label per row: the target (query) tokens. */
  rowLabels: readonly string[];
  /** One label per column: the source (key) tokens. */
  columnLabels: readonly string[];
  /** Attention weights of each head (H, T, S). */
  heads: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>;
  /** A title per panel (default `head 0`, `head 1`, ...). */
  headTitles?: readonly string[];
  /** Panels per row of the grid (default ceil(√H), so the grid is about square). */
  columns?: number;
  /** Heading above the grid. */
  title?: string;
}

const MARGIN = 12;
const PANEL_GAP = 20;

/**
 * Several attention heads side by side as small heatmaps in one SVG, on one
 * shared colour scale (so a darker cell means a larger weight in any panel)
 * with one legend. Each panel is drawn like `attentionHeatmapSvg`'s, with its
 * own labels and title.
 *
 * @example
 * // attention (B, H, T, S) from one decoder layer, first example of the batch:
 * fs.writeFileSync('heads.svg', attentionGridSvg({ rowLabels, columnLabels, heads: attention.arraySync()[0] }));
 */
export function attentionGridSvg(options: AttentionGridOptions): string {
  const fn = 'attentionGridSvg';
  const style = resolveStyle(fn, options, 14);
  const { heads } = options;
  if (heads.length === 0) throw new Error(`${fn}: expected at least one head in heads (H, T, S), got none`);
  const columns = options.columns ?? Math.ceil(Math.sqrt(heads.length));
  if (!(Number.isInteger(columns) && columns >= 1)) throw new Error(`${fn}: expected columns to be an integer >= 1, got ${columns}`);
  const titles = options.headTitles ?? heads.map((_, h) => `head ${h}`);
  if (titles.length !== heads.length) throw new Error(`${fn}: expected one head title per head (${heads.length}), got ${titles.length}`);
  heads.forEach((weights, h) => checkWeights(fn, { rowLabels: options.rowLabels, columnLabels: options.columnLabels, weights }, `heads[${h}]`));

  const scale = colorScale(fn, heads, options);
  const panels = heads.map((weights, h) =>
    drawPanel({ rowLabels: options.rowLabels, columnLabels: options.columnLabels, weights, title: titles[h] }, scale, style),
  );
  // Every panel has the same labels, so the same size.
  const { width: panelW, height: panelH } = panels[0];
  const gridRows = Math.ceil(heads.length / columns);
  const usedColumns = Math.min(columns, heads.length);
  const headingH = options.title !== undefined ? style.fontSize * 2.4 : 0;
  const top = MARGIN + headingH;
  const gridW = usedColumns * panelW + (usedColumns - 1) * PANEL_GAP;
  const gridH = gridRows * panelH + (gridRows - 1) * PANEL_GAP;
  const cellsH = options.rowLabels.length * style.cellSize;
  const legendH = Math.max(80, Math.min(gridH, 240));
  const legend = drawLegend(scale, legendH, style.fontSize);
  // Align the legend with the first row of cells.
  const legendY = top + panelH - cellsH;
  const legendX = MARGIN + gridW + 24;
  const width = Math.max(legendX + legend.width + MARGIN, headingWidth(options.title, style.fontSize) + 2 * MARGIN);
  const height = Math.max(top + gridH, legendY + legendH) + MARGIN;

  const body: string[] = [];
  if (options.title !== undefined) body.push(drawHeading(options.title, width / 2, MARGIN + style.fontSize * 1.4, style.fontSize));
  panels.forEach((panel, h) => {
    const x = MARGIN + (h % columns) * (panelW + PANEL_GAP);
    const y = top + Math.floor(h / columns) * (panelH + PANEL_GAP);
    body.push(...translated(x, y, panel.body));
  });
  body.push(...translated(legendX, legendY, legend.body));
  return svgDocument(width, height, style.fontSize, body);
}
