import { escapeXml } from './escapeXml';

/** Drawing options shared by `attentionHeatmapSvg` and `attentionGridSvg`. */
export interface HeatmapStyleOptions {
  /** Side of one cell in pixels (default 24 for one heatmap, 14 in a grid). */
  cellSize?: number;
  /** Weight drawn white (default 0, or the smallest weight if that is negative). */
  minWeight?: number;
  /** Weight drawn darkest (default the largest weight, so faint patterns stay visible). */
  maxWeight?: number;
  /** Print each weight inside its cell, with two decimals (default false). */
  showValues?: boolean;
  /** Labels longer than this many characters are cut with an ellipsis; hover shows them whole (default 20). */
  maxLabelLength?: number;
  /** Font size of labels in pixels (default 12). */
  fontSize?: number;
}

/** The weight range mapped onto the colour ramp. */
export interface ColorScale {
  min: number;
  max: number;
}

/** A drawn piece of SVG at the origin, with the size it takes. */
export interface Drawing {
  width: number;
  height: number;
  body: string[];
}

export interface PanelSpec {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  weights: ReadonlyArray<ArrayLike<number>>;
  title?: string;
}

export interface ResolvedStyle {
  cellSize: number;
  showValues: boolean;
  maxLabelLength: number;
  fontSize: number;
}

// matplotlib's "Blues" ramp with a pure-white start: light for low weights,
// dark for high, and readable in greyscale print.
const RAMP = ['#ffffff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'].map(hexToRgb);
const LEGEND_STEPS = 32;
const LEGEND_BAR = 14;
const GAP = 6;

/** The colour of `weight` on the scale: white at `min`, dark blue at `max`, clamped outside. */
export function weightColor(weight: number, scale: ColorScale): string {
  const t = Math.min(1, Math.max(0, (weight - scale.min) / (scale.max - scale.min)));
  const x = t * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [RAMP[i], RAMP[i + 1]];
  return '#' + [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f).toString(16).padStart(2, '0')).join('');
}

/** Checks that `weights` is (rows, columns) of finite numbers, naming the first offender. */
export function checkWeights(fn: string, spec: PanelSpec, what = 'weights'): void {
  const { rowLabels, columnLabels, weights } = spec;
  if (rowLabels.length === 0 || columnLabels.length === 0) {
    throw new Error(`${fn}: expected at least one row and one column label, got ${rowLabels.length} rows and ${columnLabels.length} columns`);
  }
  if (weights.length !== rowLabels.length) {
    throw new Error(`${fn}: expected ${what} to have ${rowLabels.length} rows (one per row label), got ${weights.length}`);
  }
  weights.forEach((row, t) => {
    if (row.length !== columnLabels.length) {
      throw new Error(`${fn}: expected ${what}[${t}] to have ${columnLabels.length} columns (one per column label), got ${row.length}`);
    }
    for (let s = 0; s < row.length; s++) {
      if (!Number.isFinite(row[s])) throw new Error(`${fn}: expected finite weights, got ${row[s]} at ${what}[${t}][${s}]`);
    }
  });
}

/** The colour scale for a set of weight matrices: explicit bounds, else 0 (or the minimum) to the maximum. */
export function colorScale(fn: string, matrices: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>, options: HeatmapStyleOptions): ColorScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of matrices) {
    for (const row of m) {
      for (let s = 0; s < row.length; s++) {
        lo = Math.min(lo, row[s]);
        hi = Math.max(hi, row[s]);
      }
    }
  }
  const min = options.minWeight ?? Math.min(0, lo);
  let max = options.maxWeight ?? hi;
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`${fn}: expected finite minWeight and maxWeight, got ${min} and ${max}`);
  if (options.minWeight !== undefined && options.maxWeight !== undefined && !(max > min)) {
    throw new Error(`${fn}: expected maxWeight > minWeight, got minWeight ${min} and maxWeight ${max}`);
  }
  // All weights equal (e.g. all 0): widen so the ramp is defined.
  if (!(max > min)) max = min + 1;
  return { min, max };
}

export function resolveStyle(fn: string, options: HeatmapStyleOptions, defaultCellSize: number): ResolvedStyle {
  const style = {
    cellSize: options.cellSize ?? defaultCellSize,
    showValues: options.showValues ?? false,
    maxLabelLength: options.maxLabelLength ?? 20,
    fontSize: options.fontSize ?? 12,
  };
  if (!(style.cellSize > 0 && Number.isFinite(style.cellSize))) throw new Error(`${fn}: expected cellSize > 0, got ${style.cellSize}`);
  if (!(Number.isInteger(style.maxLabelLength) && style.maxLabelLength >= 2)) {
    throw new Error(`${fn}: expected maxLabelLength to be an integer >= 2, got ${style.maxLabelLength}`);
  }
  if (!(style.fontSize > 0 && Number.isFinite(style.fontSize))) throw new Error(`${fn}: expected fontSize > 0, got ${style.fontSize}`);
  return style;
}

/**
 * One heatmap with its labels, drawn from the origin: an optional title,
 * column labels rotated to read upwards above the cells, row labels to the left.
 * Each cell is a `<rect class="cell">` whose `<title>` shows row, column and weight on hover.
 */
export function drawPanel(spec: PanelSpec, scale: ColorScale, style: ResolvedStyle): Drawing {
  const { rowLabels, columnLabels, weights } = spec;
  const { cellSize, fontSize } = style;
  const rows = rowLabels.map((l) => shortLabel(l, style.maxLabelLength));
  const cols = columnLabels.map((l) => shortLabel(l, style.maxLabelLength));
  const rowLabelWidth = textWidth(rows, fontSize) + GAP;
  const colLabelHeight = textWidth(cols, fontSize) + GAP;
  const titleHeight = spec.title !== undefined ? fontSize * 1.8 : 0;
  const x0 = rowLabelWidth;
  const y0 = titleHeight + colLabelHeight;
  const gridW = columnLabels.length * cellSize;
  const gridH = rowLabels.length * cellSize;
  const body: string[] = [];

  if (spec.title !== undefined) {
    body.push(`<text x="${fmt(x0 + gridW / 2)}" y="${fmt(fontSize * 1.2)}" text-anchor="middle" font-weight="bold">${escapeXml(spec.title)}</text>`);
  }
  cols.forEach((label, s) => {
    const x = fmt(x0 + (s + 0.5) * cellSize);
    const y = fmt(y0 - GAP);
    body.push(`<text class="column-label" transform="translate(${x} ${y}) rotate(-90)" dominant-baseline="middle">${labelText(label, columnLabels[s])}</text>`);
  });
  rows.forEach((label, t) => {
    const y = fmt(y0 + (t + 0.5) * cellSize);
    body.push(`<text class="row-label" x="${fmt(x0 - GAP)}" y="${y}" text-anchor="end" dominant-baseline="middle">${labelText(label, rowLabels[t])}</text>`);
  });
  weights.forEach((row, t) => {
    for (let s = 0; s < columnLabels.length; s++) {
      const w = row[s];
      const x = x0 + s * cellSize;
      const y = y0 + t * cellSize;
      const tip = `${escapeXml(rowLabels[t])} → ${escapeXml(columnLabels[s])}: ${formatWeight(w)}`;
      body.push(`<rect class="cell" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(cellSize)}" height="${fmt(cellSize)}" fill="${weightColor(w, scale)}"><title>${tip}</title></rect>`);
      if (style.showValues) {
        // White text on the darker half of the ramp, black on the lighter.
        const dark = (w - scale.min) / (scale.max - scale.min) > 0.5;
        body.push(
          `<text x="${fmt(x + cellSize / 2)}" y="${fmt(y + cellSize / 2)}" text-anchor="middle" dominant-baseline="middle" ` +
            `font-size="${fmt(Math.min(fontSize, cellSize * 0.4))}" fill="${dark ? 'white' : 'black'}">${formatWeight(w)}</text>`,
        );
      }
    }
  });
  body.push(`<rect x="${fmt(x0)}" y="${fmt(y0)}" width="${fmt(gridW)}" height="${fmt(gridH)}" fill="none" stroke="#999"/>`);
  return { width: x0 + gridW, height: y0 + gridH, body };
}

/** A vertical colour bar, darkest at the top, with the scale's bounds and midpoint marked. */
export function drawLegend(scale: ColorScale, height: number, fontSize: number): Drawing {
  const body: string[] = [];
  const step = height / LEGEND_STEPS;
  for (let k = 0; k < LEGEND_STEPS; k++) {
    // Top block shows the maximum.
    const w = scale.max - ((k + 0.5) / LEGEND_STEPS) * (scale.max - scale.min);
    // Overlap by a hair so anti-aliasing leaves no seams between blocks.
    body.push(`<rect class="legend" x="0" y="${fmt(k * step)}" width="${LEGEND_BAR}" height="${fmt(step + 0.5)}" fill="${weightColor(w, scale)}"/>`);
  }
  body.push(`<rect x="0" y="0" width="${LEGEND_BAR}" height="${fmt(height)}" fill="none" stroke="#999"/>`);
  const ticks = [scale.max, (scale.min + scale.max) / 2, scale.min];
  const labels = ticks.map(formatWeight);
  ticks.forEach((_, k) => {
    const y = fmt((k / 2) * height);
    body.push(`<line x1="${LEGEND_BAR}" y1="${y}" x2="${LEGEND_BAR + 4}" y2="${y}" stroke="#999"/>`);
    body.push(`<text x="${LEGEND_BAR + 6}" y="${y}" dominant-baseline="middle" font-size="${fmt(fontSize * 0.9)}">${labels[k]}</text>`);
  });
  return { width: LEGEND_BAR + 6 + textWidth(labels, fontSize * 0.9), height, body };
}

/** A document heading centred on x, its baseline at y. */
/**
 * Width a heading needs: SVG text does not wrap, so a figure narrower than its title
 * clips it. Estimated at 0.6 em per character of the 1.25 em heading font.
 */
export function headingWidth(title: string | undefined, fontSize: number): number {
  return title === undefined ? 0 : [...title].length * fontSize * 1.25 * 0.6;
}

export function drawHeading(title: string, x: number, y: number, fontSize: number): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" text-anchor="middle" font-size="${fmt(fontSize * 1.25)}">${escapeXml(title)}</text>`;
}

/** An `<svg>` document around already-drawn content. */
export function svgDocument(width: number, height: number, fontSize: number, body: readonly string[]): string {
  const w = fmt(Math.ceil(width));
  const h = fmt(Math.ceil(height));
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="${fmt(fontSize)}">`,
      `<rect x="0" y="0" width="${w}" height="${h}" fill="white"/>`,
      ...body,
      '</svg>',
    ].join('\n') + '\n'
  );
}

/** Wraps drawn lines in a group moved to (x, y). */
export function translated(x: number, y: number, body: readonly string[]): string[] {
  return [`<g transform="translate(${fmt(x)} ${fmt(y)})">`, ...body, '</g>'];
}

function shortLabel(label: string, maxLength: number): string {
  const chars = Array.from(label);
  return chars.length <= maxLength ? label : chars.slice(0, maxLength - 1).join('') + '…';
}

/** Escaped label text; a shortened one carries the whole label as a hover title. */
function labelText(shown: string, full: string): string {
  return shown === full ? escapeXml(shown) : `${escapeXml(shown)}<title>${escapeXml(full)}</title>`;
}

/** Rough width of the widest text: sans-serif averages about 0.6 em per character. */
function textWidth(texts: readonly string[], fontSize: number): number {
  return Math.max(0, ...texts.map((t) => Array.from(t).length)) * fontSize * 0.6;
}

function formatWeight(w: number): string {
  return Math.abs(w) >= 1000 || (w !== 0 && Math.abs(w) < 0.01) ? w.toExponential(1) : w.toFixed(2);
}

/** Coordinates with at most one decimal, without a trailing ".0". */
function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
