/**
 * The chart of a `bench-train` run: tfzoo's training tokens/s as a fraction of PyTorch's,
 * round by round (the rounds alternate the two in one process), against the 0.25× goal of
 * issue #7. Only for runs that timed PyTorch.
 */
import { lineChartSvg, type ChartSeries } from './bench-charts';

/** The per-round figures the chart needs (bench-train's `Round`). */
export interface RatioRound {
  beforeTokensPerSecond: number | null;
  tfzooTokensPerSecond: number;
  torchTokensPerSecond: number | null;
}

/** The goal of issue #7: tfzoo's training at ≥ 0.25× PyTorch's tokens/s. */
export const RATIO_GOAL = 0.25;

/** The SVG, or null when no round has a PyTorch figure. */
export function trainRatioChartSvg(rounds: readonly RatioRound[], subtitle: string): string | null {
  const timed = rounds.map((r, i) => ({ ...r, round: i + 1 })).filter((r) => r.torchTokensPerSecond !== null && r.torchTokensPerSecond > 0);
  if (timed.length === 0) return null;
  const series: ChartSeries[] = [
    { label: 'tfzoo ÷ PyTorch', points: timed.map((r) => ({ x: r.round, y: r.tfzooTokensPerSecond / r.torchTokensPerSecond! })) },
  ];
  const before = timed.filter((r) => r.beforeTokensPerSecond !== null);
  if (before.length > 0) {
    series.push({ label: 'before ÷ PyTorch', dashed: true, points: before.map((r) => ({ x: r.round, y: r.beforeTokensPerSecond! / r.torchTokensPerSecond! })) });
  }
  const highest = Math.max(RATIO_GOAL, ...series.flatMap((s) => s.points.map((p) => p.y)));
  return lineChartSvg({
    title: 'GPT training tokens/s, tfzoo on wasm ÷ PyTorch, per round',
    subtitle,
    xLabel: 'round (tfzoo and PyTorch alternate in one process)',
    yLabel: 'ratio of tokens/s',
    series,
    yRange: [0, Math.ceil(highest * 12) / 10],
    reference: { y: RATIO_GOAL, label: `goal ${RATIO_GOAL}×` },
  });
}
