/**
 * Hand-written SVG line charts for the benchmark: one line per model, a marker per point,
 * a vertical bar for each point's spread (min–max of the repetitions), axes with ticks,
 * axis titles and a legend. No dependencies; the output is a standalone .svg file.
 */

/** One point: the median and, optionally, the spread around it. */
export interface ChartPoint {
  x: number;
  y: number;
  /** Lowest repetition (draws the spread bar with `high`). */
  low?: number;
  /** Highest repetition. */
  high?: number;
}

/** One line. */
export interface ChartSeries {
  label: string;
  points: ChartPoint[];
  /** Any SVG colour; default from the palette by position. */
  color?: string;
  /** Draw the line dashed (e.g. a variant of another series). */
  dashed?: boolean;
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions {
  title: string;
  /** Subtitle under the title, e.g. the backend and the batch size. */
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** `log2` for sizes that double (sequence lengths), default `linear`. */
  xScale?: 'linear' | 'log2';
  /** `log10` for rates that span orders of magnitude, default `linear`. */
  yScale?: 'linear' | 'log10';
  /** Fixed y range (e.g. [0, 1] for accuracy); default from the data. */
  yRange?: [number, number];
  /** A horizontal reference line, e.g. chance accuracy. */
  reference?: { y: number; label: string };
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** A line chart as a standalone SVG document. */
export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const margin = { left: 78, right: 150, top: options.subtitle ? 58 : 42, bottom: 52 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const xLog = options.xScale === 'log2';
  const yLog = options.yScale === 'log10';
  const points = options.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y) && (!yLog || p.y > 0));

  const xs = points.map((p) => p.x);
  const [xMin, xMax] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const ys = points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]).filter((v) => Number.isFinite(v) && (!yLog || v > 0));
  let [yMin, yMax] = options.yRange ?? (ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  if (options.reference && !options.yRange) [yMin, yMax] = [Math.min(yMin, options.reference.y), Math.max(yMax, options.reference.y)];

  const xTicks = xLog ? powersOfTwo(xMin, xMax) : niceLinearTicks(xMin, xMax, 6);
  const yTicks = yLog ? powersOfTen(yMin, yMax) : niceLinearTicks(options.yRange ? yMin : Math.min(0, yMin), yMax, 5);
  const [x0, x1] = xLog ? [Math.log2(xTicks[0]), Math.log2(xTicks[xTicks.length - 1])] : [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = yLog ? [Math.log10(yTicks[0]), Math.log10(yTicks[yTicks.length - 1])] : [yTicks[0], yTicks[yTicks.length - 1]];
  const sx = (x: number) => margin.left + (((xLog ? Math.log2(x) : x) - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y: number) => margin.top + plotH - (((yLog ? Math.log10(y) : y) - y0) / (y1 - y0 || 1)) * plotH;
  const f = (v: number) => v.toFixed(1);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`);
  if (options.subtitle) out.push(`<text x="${width / 2}" y="38" text-anchor="middle" fill="#555">${escapeXml(options.subtitle)}</text>`);

  // Grid and tick labels.
  for (const t of yTicks) {
    const y = f(sy(t));
    out.push(`<line x1="${margin.left}" y1="${y}" x2="${margin.left + plotW}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${margin.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(t)}</text>`);
  }
  for (const t of xTicks) {
    const x = f(sx(t));
    out.push(`<line x1="${x}" y1="${margin.top}" x2="${x}" y2="${margin.top + plotH}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x}" y="${margin.top + plotH + 16}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  // Axes and titles.
  out.push(`<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="black"/>`);
  out.push(`<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="black"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);

  if (options.reference) {
    const y = f(sy(options.reference.y));
    out.push(`<line x1="${margin.left}" y1="${y}" x2="${margin.left + plotW}" y2="${y}" stroke="#888" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${margin.left + plotW - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#666">${escapeXml(options.reference.label)}</text>`);
  }

  options.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const visible = s.points.filter((p) => Number.isFinite(p.y) && (!yLog || p.y > 0)).sort((a, b) => a.x - b.x);
    if (visible.length > 1) {
      const d = visible.map((p, k) => `${k === 0 ? 'M' : 'L'}${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    for (const p of visible) {
      const cx = f(sx(p.x));
      if (p.low !== undefined && p.high !== undefined && (!yLog || p.low > 0)) {
        const [top, bottom] = [f(sy(p.high)), f(sy(p.low))];
        out.push(`<line x1="${cx}" y1="${top}" x2="${cx}" y2="${bottom}" stroke="${color}" stroke-width="1.5"/>`);
        out.push(`<line x1="${Number(cx) - 4}" y1="${top}" x2="${Number(cx) + 4}" y2="${top}" stroke="${color}"/>`);
        out.push(`<line x1="${Number(cx) - 4}" y1="${bottom}" x2="${Number(cx) + 4}" y2="${bottom}" stroke="${color}"/>`);
      }
      out.push(`<circle cx="${cx}" cy="${f(sy(p.y))}" r="3.5" fill="${color}"><title>${escapeXml(`${s.label}: ${formatTick(p.x)} → ${p.y.toPrecision(4)}`)}</title></circle>`);
    }
    // Legend entry.
    const ly = margin.top + 10 + i * 20;
    const lx = margin.left + plotW + 16;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<circle cx="${lx + 12}" cy="${ly}" r="3.5" fill="${color}"/>`);
    out.push(`<text x="${lx + 30}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`);
  });
  if (points.some((p) => p.low !== undefined && p.high !== undefined)) {
    out.push(`<text x="${margin.left + plotW + 16}" y="${margin.top + 16 + options.series.length * 20}" fill="#666" font-size="10">bars: min–max</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Powers of two covering [min, max]. */
function powersOfTwo(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log2(Math.max(min, 1e-12))); k <= Math.ceil(Math.log2(Math.max(max, min))); k++) ticks.push(2 ** k);
  return ticks.length > 1 ? ticks : [ticks[0], ticks[0] * 2];
}

/** Powers of ten (and 2× / 5× between them when the range is narrow) covering [min, max]. */
function powersOfTen(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(Math.max(min, 1e-12)));
  const hi = Math.ceil(Math.log10(Math.max(max, min)));
  const ticks: number[] = [];
  for (let k = lo; k <= Math.max(hi, lo + 1); k++) {
    ticks.push(10 ** k);
    if (hi - lo <= 2 && k < Math.max(hi, lo + 1)) ticks.push(2 * 10 ** k, 5 * 10 ** k);
  }
  // Trim ticks beyond the first one outside the data on each side.
  const first = Math.max(0, ticks.findIndex((t) => t > min) - 1);
  const lastInside = ticks.findIndex((t) => t >= max);
  return ticks.slice(first, (lastInside < 0 ? ticks.length - 1 : lastInside) + 1);
}

/** About `count` round ticks (1, 2 or 5 × 10ᵏ apart) covering [min, max]. */
function niceLinearTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) [min, max] = [min - 1, min + 1];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.floor(min / step) * step; t < max + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
