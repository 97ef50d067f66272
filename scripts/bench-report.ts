/**
 * The benchmark's report: the JSON record of a run, its Markdown tables and its SVG charts.
 */
import type { LongRangeResult, LongRangeSettings } from './bench-long-range';
import { lineChartSvg, type ChartSeries } from './bench-charts';
import type { GenerationResult, Repetitions, ThroughputResult } from './bench-throughput';
import { formatMeasurement, type Measurement } from './bench-timing';

/** Everything a run measured, as written to `<backend>-<date>.json`. */
export interface BenchReport {
  /** Format of this record. */
  format: 'tfzoo-bench';
  version: 1;
  /** ISO time the run started. */
  date: string;
  /** The command line that made it. */
  command: string;
  mode: 'full' | 'quick';
  /** Seconds the whole run took. */
  wallSeconds: number;
  /** The machine's 1-minute load average at the start and the end of the run (os.loadavg; 0 on Windows): other work on the machine widens the spread. */
  loadAverage?: { start: number; end: number; cores: number };
  backend: {
    /** tfzoo's name: `tensorflow-gpu`, `tensorflow`, `wasm` or `cpu`. */
    name: string;
    /** initBackend's one-line report (the choice and why better ones were skipped). */
    line: string;
    /** What ran the numbers: the GPU's name on CUDA, the CPU otherwise. */
    device: string;
    tfjsVersion: string;
    nodeVersion: string;
  };
  settings: {
    vocabSize: number;
    seqLengths: number[];
    batchSizes: number[];
    repetitions: Repetitions;
    gpt: { nLayer: number; nHead: number; nEmbd: number };
  };
  models: { name: string; params: number; relativeToGpt: number; config: object }[];
  throughput: ThroughputResult[];
  generation: GenerationResult[];
  longRange: { settings: LongRangeSettings; vocabSize: number; results: LongRangeResult[] };
}

const GENERATION_LABEL: Record<string, string> = { state: 'state', 'kv-cache': 'KV cache', recompute: 'full recompute' };

/** `12.3k` */
export function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toPrecision(3)}M`;
  if (x >= 1e3) return `${(x / 1e3).toPrecision(3)}k`;
  return x.toPrecision(3);
}

/** `12.3k (11.9k–13.0k)` */
function rate(m: Measurement): string {
  return `${formatRate(m.median)} (${formatRate(m.min)}–${formatRate(m.max)})`;
}

/** The report as Markdown: the set-up, then one table per measurement. `charts` are relative image paths. */
export function markdownReport(report: BenchReport, charts: Record<string, string> = {}): string {
  const { settings } = report;
  const modelNames = report.models.map((m) => m.name);
  const lines: string[] = [];
  lines.push(`# RNNs against a transformer: throughput and long-range dependencies`, '');
  lines.push(`- **Backend:** ${report.backend.name} on ${report.backend.device} (tfjs ${report.backend.tfjsVersion}, Node ${report.backend.nodeVersion})`);
  lines.push(`- **Command:** \`${report.command}\` (${report.mode} run, ${formatSeconds(report.wallSeconds)} wall time), ${report.date}`);
  const r = settings.repetitions;
  lines.push(
    `- **Figures:** median of at least ${r.reps} timed repetitions after ${r.warmup} warm-up (fast figures: repeated until ${r.minTimeMs} ms or ${r.maxReps} runs); (min–max) in brackets.`,
  );
  if (report.loadAverage) {
    const { start, end, cores } = report.loadAverage;
    lines.push(`- **Machine load:** 1-minute load average ${start.toFixed(1)} at the start, ${end.toFixed(1)} at the end, on ${cores} cores.`);
  }
  lines.push(`- \`${report.backend.line}\``, '');

  lines.push('## Models', '');
  lines.push(`Vocabulary ${settings.vocabSize}; the LSTM and GRU (2 layers each) are sized to the GPT's parameter count.`, '');
  lines.push('| model | parameters | vs GPT | architecture |', '|---|---:|---:|---|');
  for (const m of report.models) lines.push(`| ${m.name} | ${m.params.toLocaleString('en-US')} | ${signedPercent(m.relativeToGpt)} | ${architecture(m.config)} |`);
  lines.push('');

  for (const [title, key, chart] of [
    ['Training throughput (tokens/s: forward, backward, AdamW update)', 'trainTokensPerSecond', 'train'],
    ['Inference throughput (tokens/s: one forward pass over the whole sequence)', 'inferenceTokensPerSecond', 'inference'],
  ] as const) {
    lines.push(`## ${title}`, '');
    if (charts[chart]) lines.push(`![${chart}](${charts[chart]})`, '');
    for (const B of settings.batchSizes) {
      lines.push(`Batch size ${B}:`, '');
      lines.push(`| sequence length | ${modelNames.join(' | ')} | GPT ÷ LSTM |`, `|---:|${modelNames.map(() => '---:').join('|')}|---:|`);
      for (const T of settings.seqLengths) {
        const cells = modelNames.map((name) => {
          const r = report.throughput.find((x) => x.model === name && x.batchSize === B && x.seqLength === T);
          return r ? rate(r[key]) : '–';
        });
        const gpt = report.throughput.find((x) => x.model === 'GPT' && x.batchSize === B && x.seqLength === T);
        const lstm = report.throughput.find((x) => x.model === 'LSTM' && x.batchSize === B && x.seqLength === T);
        const ratio = gpt && lstm ? `${(gpt[key].median / lstm[key].median).toFixed(1)}×` : '–';
        lines.push(`| ${T} | ${cells.join(' | ')} | ${ratio} |`);
      }
      lines.push('');
    }
  }

  lines.push('## Generation latency (ms per token, batch 1)', '');
  lines.push('One token appended after a context of the given length, and the logits for the next one read back. The GPT with its KV cache attends to the cached keys and values; without it, it recomputes the whole context; the RNNs carry their state.', '');
  if (charts.generation) lines.push(`![generation](${charts.generation})`, '');
  const variants = uniqueVariants(report.generation);
  lines.push(`| context | ${variants.map((v) => `${v.model} (${GENERATION_LABEL[v.mode]})`).join(' | ')} |`, `|---:|${variants.map(() => '---:').join('|')}|`);
  for (const T of settings.seqLengths) {
    const cells = variants.map((v) => {
      const r = report.generation.find((g) => g.model === v.model && g.mode === v.mode && g.contextLength === T);
      return r ? formatMeasurement(r.msPerToken, '') : '–';
    });
    lines.push(`| ${T} | ${cells.join(' | ')} |`);
  }
  lines.push('');

  const lr = report.longRange;
  lines.push('## Long-range dependency: recall a token N positions back', '');
  lines.push(
    `Each sequence is a key (one of ${lr.settings.keys} symbols), N − 1 distractors (from ${lr.settings.distractors} other symbols) and a query marker; ` +
      `the model must name the key at the query. Every model is trained from scratch at each N for ${lr.settings.steps} AdamW steps ` +
      `(batch ${lr.settings.batchSize}, learning rate ${lr.settings.learningRate}, vocabulary ${lr.vocabSize}, parameter counts matched as above), ` +
      `then scored on ${lr.settings.evalSequences} held-out sequences. Chance is ${(1 / lr.settings.keys).toFixed(3)}.`,
    '',
  );
  if (charts.longRange) lines.push(`![long-range](${charts.longRange})`, '');
  const lrModels = [...new Set(lr.results.map((r) => r.model))];
  lines.push(`| N | ${lrModels.map((m) => `${m} accuracy`).join(' | ')} | ${lrModels.map((m) => `${m} train s`).join(' | ')} |`);
  lines.push(`|---:|${lrModels.map(() => '---:').join('|')}|${lrModels.map(() => '---:').join('|')}|`);
  for (const N of lr.settings.distances) {
    const row = lrModels.map((m) => lr.results.find((r) => r.model === m && r.distance === N));
    lines.push(`| ${N} | ${row.map((r) => (r ? r.accuracy.toFixed(3) : '–')).join(' | ')} | ${row.map((r) => (r ? r.trainSeconds.toFixed(0) : '–')).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The report's charts as SVG documents, keyed `train`, `inference`, `generation`, `longRange`. */
export function reportCharts(report: BenchReport): Record<string, string> {
  const { settings } = report;
  const modelNames = report.models.map((m) => m.name);
  const subtitle = `${report.backend.name} · ${report.backend.device}`;
  const charts: Record<string, string> = {};
  for (const [key, title, field] of [
    ['train', 'Training throughput', 'trainTokensPerSecond'],
    ['inference', 'Inference throughput', 'inferenceTokensPerSecond'],
  ] as const) {
    const series: ChartSeries[] = [];
    settings.batchSizes.forEach((B, bi) => {
      modelNames.forEach((name, mi) => {
        const points = report.throughput
          .filter((r) => r.model === name && r.batchSize === B)
          .map((r) => ({ x: r.seqLength, y: r[field].median, low: r[field].min, high: r[field].max }));
        series.push({ label: `${name}, batch ${B}`, points, color: MODEL_COLORS[mi % MODEL_COLORS.length], dashed: bi < settings.batchSizes.length - 1 });
      });
    });
    charts[key] = lineChartSvg({ title, subtitle, xLabel: 'sequence length (tokens)', yLabel: 'tokens per second', series, xScale: 'log2', yScale: 'log10' });
  }
  const variants = uniqueVariants(report.generation);
  charts.generation = lineChartSvg({
    title: 'Generation latency (batch 1)',
    subtitle,
    xLabel: 'context length (tokens)',
    yLabel: 'ms per token',
    xScale: 'log2',
    yScale: 'log10',
    series: variants.map((v) => ({
      label: `${v.model} (${GENERATION_LABEL[v.mode]})`,
      color: MODEL_COLORS[Math.max(0, modelNames.indexOf(v.model)) % MODEL_COLORS.length],
      dashed: v.mode === 'recompute',
      points: report.generation.filter((g) => g.model === v.model && g.mode === v.mode).map((g) => ({ x: g.contextLength, y: g.msPerToken.median, low: g.msPerToken.min, high: g.msPerToken.max })),
    })),
  });
  const lr = report.longRange;
  const lrModels = [...new Set(lr.results.map((r) => r.model))];
  charts.longRange = lineChartSvg({
    title: 'Recall a token N positions back',
    subtitle: `${subtitle} · ${lr.settings.steps} steps each`,
    xLabel: 'dependency distance N (tokens)',
    yLabel: 'held-out accuracy',
    xScale: 'log2',
    yRange: [0, 1],
    reference: { y: 1 / lr.settings.keys, label: 'chance' },
    series: lrModels.map((m) => ({
      label: m,
      color: MODEL_COLORS[Math.max(0, modelNames.indexOf(m)) % MODEL_COLORS.length],
      points: lr.results.filter((r) => r.model === m).map((r) => ({ x: r.distance, y: r.accuracy })),
    })),
  });
  return charts;
}

const MODEL_COLORS = ['#1f77b4', '#2ca02c', '#d62728'];

function uniqueVariants(results: GenerationResult[]): { model: string; mode: string }[] {
  const seen = new Map<string, { model: string; mode: string }>();
  for (const r of results) seen.set(`${r.model}/${r.mode}`, { model: r.model, mode: r.mode });
  return [...seen.values()];
}

function architecture(config: object): string {
  const c = config as Record<string, unknown>;
  if ('nLayer' in c) return `${c.nLayer} decoder blocks, d = ${c.nEmbd}, ${c.nHead} heads, ${c.positional} positions, ${c.norm}-norm`;
  return `${c.numLayers} × ${String(c.cell).toUpperCase()} layers, hidden ${c.hiddenSize}, embedding ${c.embedDim}`;
}

function signedPercent(x: number): string {
  if (x === 0) return '—';
  return `${x > 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %`;
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s.toFixed(0)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
