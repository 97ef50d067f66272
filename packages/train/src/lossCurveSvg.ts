/** One line on the chart. */
export interface CurveSeries {
  /** Legend text, e.g. `train`. */
  label: string;
  /** `[step, value]` pairs; non-finite values are skipped. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Any SVG colour (default from a small palette). */
  color?: string;
  /** Draw a dot at each point: useful for sparse series such as evaluations (default false). */
  markers?: boolean;
}

/** Options of `lossCurveSvg`. */
export interface LossCurveOptions {
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const MARGIN = { left: 70, right: 20, top: 40, bottom: 50 };

/**
 * A line chart of loss curves as a standalone SVG document: axes with
 * round-number ticks and labels, one path per series, a legend. Hand-written
 * so the trainer needs no plotting dependency; open it in any browser.
 *
 * @example
 * fs.writeFileSync('loss.svg', lossCurveSvg([{ label: 'train', points: [[1, 2.3], [2, 2.1]] }]));
 */
export function lossCurveSvg(series: readonly CurveSeries[], options: LossCurveOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const title = options.title ?? 'loss';
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;

  const clean = series.map((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  const all = clean.flat();
  const [x0, x1] = paddedRange(all.map((p) => p[0]), 0);
  const [y0, y1] = paddedRange(all.map((p) => p[1]), 0.05);
  const xTicks = niceTicks(x0, x1, 6);
  const yTicks = niceTicks(y0, y1, 5);
  // Extend the axes to the outer ticks so the grid frames the data.
  const xMin = Math.min(x0, xTicks[0]);
  const xMax = Math.max(x1, xTicks[xTicks.length - 1]);
  const yMin = Math.min(y0, yTicks[0]);
  const yMax = Math.max(y1, yTicks[yTicks.length - 1]);
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((y - yMin) / (yMax - yMin)) * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${width / 2}" y="${MARGIN.top / 2 + 5}" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`);

  // Grid and tick labels.
  const xDecimals = decimalsFor(xTicks);
  const yDecimals = decimalsFor(yTicks);
  for (const t of xTicks) {
    const x = fmt(sx(t));
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${x}" y1="${MARGIN.top + plotH}" x2="${x}" y2="${MARGIN.top + plotH + 5}" stroke="black"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${t.toFixed(xDecimals)}</text>`);
  }
  for (const t of yTicks) {
    const y = fmt(sy(t));
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${MARGIN.left - 5}" y1="${y}" x2="${MARGIN.left}" y2="${y}" stroke="black"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${t.toFixed(yDecimals)}</text>`);
  }
  // Axes.
  out.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="black"/>`);
  out.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="black"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel ?? 'step')}</text>`);
  out.push(`<text x="16" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">${escapeXml(options.yLabel ?? 'loss')}</text>`);

  // Series.
  series.forEach((s, i) => {
    const color = escapeXml(s.color ?? PALETTE[i % PALETTE.length]);
    const pts = clean[i];
    if (pts.length > 0) {
      const d = pts.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${fmt(sx(x))} ${fmt(sy(y))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    }
    if (s.markers || pts.length === 1) {
      for (const [x, y] of pts) out.push(`<circle cx="${fmt(sx(x))}" cy="${fmt(sy(y))}" r="3" fill="${color}"/>`);
    }
  });
  if (all.length === 0) {
    out.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH / 2}" text-anchor="middle" fill="#888">no data yet</text>`);
  }

  // Legend, top right inside the plot.
  const legendX = MARGIN.left + plotW - 120;
  series.forEach((s, i) => {
    const color = escapeXml(s.color ?? PALETTE[i % PALETTE.length]);
    const y = MARGIN.top + 14 + i * 18;
    out.push(`<line x1="${legendX}" y1="${y}" x2="${legendX + 24}" y2="${y}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${legendX + 30}" y="${y}" dominant-baseline="middle">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * About `count` round tick values (1, 2 or 5 × 10ᵏ apart) covering [min, max].
 * Exported for tests.
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min;
  const raw = span / Math.max(1, count);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= max + step * 1e-9; t += step) ticks.push(roundTo(t, step));
  if (ticks[ticks.length - 1] < max) ticks.push(roundTo(ticks[ticks.length - 1] + step, step));
  return ticks;
}

/** Data range widened by `pad` of its span; a degenerate range becomes a unit-wide one. */
function paddedRange(values: number[], pad: number): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const half = Math.max(0.5, Math.abs(hi) * 0.1);
    return [lo - half, hi + half];
  }
  const p = (hi - lo) * pad;
  lo -= p;
  hi += p;
  return [lo, hi];
}

/** Removes float noise (0.30000000000000004) relative to the tick step. */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 15)));
}

/** Enough decimals to tell neighbouring ticks apart, no more. */
function decimalsFor(ticks: number[]): number {
  if (ticks.length < 2) return 0;
  const step = Math.abs(ticks[1] - ticks[0]);
  return Math.min(10, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

function fmt(n: number): string {
  return n.toFixed(1);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
