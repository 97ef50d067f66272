import { checkWeights, colorScale, drawHeading, headingWidth, drawLegend, drawPanel, HeatmapStyleOptions, resolveStyle, svgDocument, translated } from './heatmapPanel';

/** Arguments of `attentionHeatmapSvg`. */
export interface AttentionHeatmapOptions extends HeatmapStyleOptions {
  /** One label per row: the target (query) tokens. */
  rowLabels: readonly string[];
  /** One label per column: the source (key) tokens. */
  columnLabels: readonly string[];
  /** Attention weights (T, S): `weights[t][s]` is how much target token t attends to source token s. */
  weights: ReadonlyArray<ArrayLike<number>>;
  /** Heading above the heatmap. */
  title?: string;
}

const MARGIN = 12;

/**
 * An attention matrix as a standalone SVG heatmap: one cell per (target,
 * source) pair, white for weight 0 shading to dark blue for the largest
 * weight, source tokens rotated along the top, target tokens down the left, and
 * a colour legend on the right. Labels are escaped, so any token text is safe.
 * Hovering a cell shows its tokens and weight. Hand-written SVG, so no
 * plotting dependency; open the file in any browser.
 *
 * @example
 * fs.writeFileSync('attention.svg', attentionHeatmapSvg({
 *   rowLabels: ['le', 'chat', '</s>'], columnLabels: ['the', 'cat', '</s>'],
 *   weights: averageHeads(crossAttention), title: 'cross-attention, layer 6',
 * }));
 */
export function attentionHeatmapSvg(options: AttentionHeatmapOptions): string {
  const fn = 'attentionHeatmapSvg';
  const style = resolveStyle(fn, options, 24);
  checkWeights(fn, options);
  const scale = colorScale(fn, [options.weights], options);
  const panel = drawPanel({ rowLabels: options.rowLabels, columnLabels: options.columnLabels, weights: options.weights }, scale, style);
  const gridH = options.rowLabels.length * style.cellSize;
  // The legend stands beside the cells (not the labels), at least tall enough to read.
  const legendH = Math.max(gridH, 80);
  const legend = drawLegend(scale, legendH, style.fontSize);
  const headingH = options.title !== undefined ? style.fontSize * 2.4 : 0;
  const panelY = MARGIN + headingH;
  const gridTop = panelY + panel.height - gridH;
  const legendX = MARGIN + panel.width + 16;
  const width = Math.max(legendX + legend.width + MARGIN, headingWidth(options.title, style.fontSize) + 2 * MARGIN);
  const height = Math.max(panelY + panel.height, gridTop + legendH) + MARGIN;
  const body: string[] = [];
  if (options.title !== undefined) body.push(drawHeading(options.title, width / 2, MARGIN + style.fontSize * 1.4, style.fontSize));
  body.push(...translated(MARGIN, panelY, panel.body));
  body.push(...translated(legendX, gridTop, legend.body));
  return svgDocument(width, height, style.fontSize, body);
}
