/**
 * `pnpm bench` / `yarn bench`: measures the claim that transformers beat RNNs on parallel
 * hardware and on long-range dependencies, with tfzoo's own models.
 *
 * - Throughput: an LSTM and a GRU language model (@tfzoo/rnn) with the parameter count of
 *   a GPT (@tfzoo/gpt) within 10 %, at several sequence lengths and two batch sizes:
 *   training tokens/s, inference tokens/s, and per-token generation latency (the GPT with
 *   its KV cache and without, the RNNs carrying their state).
 * - Long-range dependency: accuracy on recalling a token N positions back, N = 8 … 256,
 *   each model trained from scratch for the same number of steps (bench-long-range.ts).
 *
 * Runs on the best backend `initBackend` finds (CUDA through @tensorflow/tfjs-node-gpu when
 * it is installed and sees a GPU; wasm otherwise) or the one `--backend` names.
 *
 *   pnpm bench [--quick] [--backend wasm|cpu|tensorflow|tensorflow-gpu] [--out bench-results]
 *   pnpm bench --render bench-results/wasm-2026-11-26.json   (re-renders a saved run's tables and charts)
 *
 * Writes <out>/<backend>-<date>[-quick].{json,md} and one SVG chart per measurement; a full
 * run also rewrites <out>/README.md with its results. Every figure is the median of several
 * timed repetitions after a warm-up, with the min–max spread.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { initBackend, type BackendChoice } from '@tfzoo/core';
import { longRangeVocabSize, trainOnRecall, type LongRangeResult, type LongRangeSettings } from './bench-long-range';
import { createBenchModels, type BenchModel, type GptSize } from './bench-models';
import { markdownReport, reportCharts, type BenchReport } from './bench-report';
import { measureGeneration, measureThroughput, type GenerationResult, type Repetitions, type ThroughputResult } from './bench-throughput';

/** What a run measures; `QUICK` and `FULL` are the presets, tests pass tiny ones. */
export interface BenchSettings {
  /** Vocabulary of the throughput models (65: Tiny Shakespeare's characters). */
  vocabSize: number;
  /** Sequence lengths of the throughput and generation measurements. */
  seqLengths: number[];
  /** Batch sizes of the throughput measurements (generation runs at batch 1). */
  batchSizes: number[];
  repetitions: Repetitions;
  /** The GPT's size; the RNNs are matched to its parameter count. */
  gpt: GptSize;
  longRange: LongRangeSettings;
}

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** A tfzoo backend name; default: the best `initBackend` finds. */
  backend?: string;
  /** Use the quick preset (the whole run in under 2 minutes). Ignored when `settings` is given. */
  quick?: boolean;
  /** Replaces the preset entirely (tests use tiny sizes). */
  settings?: BenchSettings;
  /** Output folder. Default `bench-results` in the repository. */
  outDir?: string;
  /** Recorded in the report. Default: the process's command line. */
  command?: string;
  /** Progress lines; default stderr. `null` silences them. */
  log?: ((line: string) => void) | null;
}

/** What {@link runBench} wrote. */
export interface BenchOutput {
  report: BenchReport;
  /** Absolute paths of the files written. */
  files: string[];
}

/** The full run (20 minutes on 2 shared CPU cores with wasm). */
export const FULL: BenchSettings = {
  vocabSize: 65,
  seqLengths: [32, 64, 128, 256, 512],
  batchSizes: [4, 16],
  repetitions: { warmup: 1, reps: 3, minTimeMs: 1500, maxReps: 15 },
  gpt: { nLayer: 2, nHead: 4, nEmbd: 64 },
  longRange: { distances: [8, 16, 32, 64, 128, 256], keys: 8, distractors: 32, steps: 150, batchSize: 16, learningRate: 3e-3, evalSequences: 256 },
};

/** The quick run: under 2 minutes on 2 CPU cores with wasm. */
export const QUICK: BenchSettings = {
  vocabSize: 65,
  seqLengths: [32, 64, 128],
  batchSizes: [2, 8],
  repetitions: { warmup: 1, reps: 3, minTimeMs: 300, maxReps: 9 },
  gpt: { nLayer: 1, nHead: 2, nEmbd: 32 },
  longRange: { distances: [8, 32], keys: 4, distractors: 16, steps: 100, batchSize: 16, learningRate: 5e-3, evalSequences: 64 },
};

const DEFAULT_OUT = path.join(__dirname, '..', 'bench-results');

/** Runs the benchmark and writes its report; returns the report and the files. */
export async function runBench(options: BenchOptions = {}): Promise<BenchOutput> {
  const started = performance.now();
  const log = options.log === undefined ? (line: string) => console.error(line) : options.log;
  const settings = options.settings ?? (options.quick ? QUICK : FULL);
  const mode = options.settings === undefined && !options.quick ? 'full' : 'quick';
  const choice = await initBackend(options.backend, { log });
  const device = describeDevice(choice);
  log?.(`[bench] ${mode} run on ${choice.name} (${device})`);
  const date = new Date();
  const loadAtStart = os.loadavg()[0];

  // Throughput: one set of matched models, measured one at a time.
  const { repetitions } = settings;
  const maxT = Math.max(...settings.seqLengths);
  // The generation measurements append up to warm-up + maxReps tokens after the longest context.
  const blockSize = maxT + repetitions.warmup + Math.max(repetitions.reps, repetitions.maxReps) + 1;
  const models = createBenchModels(settings.vocabSize, blockSize, settings.gpt, 1);
  const gptParams = models.find((m) => m.name === 'GPT')!.params;
  const modelRecords = models.map((m) => ({ name: m.name, params: m.params, relativeToGpt: (m.params - gptParams) / gptParams, config: m.config }));
  for (const m of modelRecords) log?.(`[bench] ${m.name}: ${m.params.toLocaleString('en-US')} parameters (${(m.relativeToGpt * 100).toFixed(1)} % vs GPT)`);
  const throughput: ThroughputResult[] = [];
  const generation: GenerationResult[] = [];
  for (const model of models) {
    for (const B of settings.batchSizes) {
      for (const T of settings.seqLengths) {
        const r = await checkedNoLeak(model, () => measureThroughput(model, B, T, settings.vocabSize, repetitions));
        throughput.push(r);
        log?.(`[bench] ${model.name} B=${B} T=${T}: train ${r.trainTokensPerSecond.median.toFixed(0)} tok/s, inference ${r.inferenceTokensPerSecond.median.toFixed(0)} tok/s`);
      }
    }
    for (const mode of model.generationModes) {
      for (const T of settings.seqLengths) {
        const r = await checkedNoLeak(model, () => measureGeneration(model, mode, T, settings.vocabSize, repetitions));
        generation.push(r);
        log?.(`[bench] ${model.name} (${mode}) context ${T}: ${r.msPerToken.median.toFixed(2)} ms/token`);
      }
    }
    model.dispose();
  }

  // Long-range dependency: fresh models at every distance, same budget and steps.
  const lr = settings.longRange;
  const lrVocab = longRangeVocabSize(lr);
  const longRange: LongRangeResult[] = [];
  for (const N of lr.distances) {
    const fresh = createBenchModels(lrVocab, N + 1, settings.gpt, 100 + N);
    for (const model of fresh) {
      const r = await trainOnRecall(model, N, lr, 1000 + N);
      longRange.push(r);
      log?.(`[bench] recall N=${N} ${model.name}: accuracy ${r.accuracy.toFixed(3)} (loss ${r.finalLoss.toFixed(3)}, ${r.trainSeconds.toFixed(1)} s)`);
      model.dispose();
    }
  }

  const report: BenchReport = {
    format: 'tfzoo-bench',
    version: 1,
    date: date.toISOString(),
    command: options.command ?? commandLine(),
    mode,
    wallSeconds: (performance.now() - started) / 1000,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0], cores: os.cpus().length },
    backend: { name: choice.name, line: choice.line, device, tfjsVersion: tf.version.tfjs, nodeVersion: process.versions.node },
    settings: { vocabSize: settings.vocabSize, seqLengths: settings.seqLengths, batchSizes: settings.batchSizes, repetitions, gpt: settings.gpt },
    models: modelRecords,
    throughput,
    generation,
    longRange: { settings: lr, vocabSize: lrVocab, results: longRange },
  };
  const files = writeReport(report, options.outDir ?? DEFAULT_OUT);
  log?.(`[bench] done in ${report.wallSeconds.toFixed(0)} s; wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  return { report, files };
}

/** Writes the JSON, the Markdown and the charts; a full run also rewrites README.md. */
export function writeReport(report: BenchReport, outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const stem = `${report.backend.name}-${report.date.slice(0, 10)}${report.mode === 'quick' ? '-quick' : ''}`;
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, text);
    files.push(file);
  };
  const charts = reportCharts(report);
  const chartFiles: Record<string, string> = {};
  for (const [key, svg] of Object.entries(charts)) {
    chartFiles[key] = `${stem}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.svg`;
    write(chartFiles[key], svg);
  }
  write(`${stem}.json`, JSON.stringify(report, null, 1) + '\n');
  const markdown = markdownReport(report, chartFiles);
  write(`${stem}.md`, markdown);
  if (report.mode === 'full') write('README.md', `${README_PREAMBLE}${markdown.replace(/^# .*\n/, '')}`);
  return files;
}

const README_PREAMBLE = `# Benchmark results

The latest full run of \`pnpm bench\` (\`scripts/bench.ts\`) on the development machine, regenerated by every
full run; each run also keeps its own \`<backend>-<date>.{json,md,svg}\`. \`pnpm bench --quick\` runs a smaller set
in under 2 minutes (files marked \`-quick\`). The other files here come from the other \`scripts/bench-*.ts\`
scripts; each has its own \`.md\`.
`;

/** Runs a measurement and checks it left no tensors behind (a leak would skew later figures). */
async function checkedNoLeak<T>(model: BenchModel, run: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await run();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`[bench] ${model.name} leaked ${after - before} tensors during a measurement`);
  return result;
}

/** What ran the numbers: the GPU's name on CUDA (from nvidia-smi when available), else the CPU. */
export function describeDevice(choice: BackendChoice): string {
  const cpus = os.cpus();
  const cpu = `${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores)`;
  if (choice.name !== 'tensorflow-gpu') return choice.name === 'wasm' ? `${cpu}, wasm ${choice.runtime.simd ? 'SIMD' : 'no SIMD'}, ${choice.runtime.threads} thread(s)` : cpu;
  try {
    const gpu = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader'], { encoding: 'utf8', timeout: 10_000 }).trim().split('\n')[0];
    return `${gpu} (CUDA)`;
  } catch {
    return 'CUDA GPU (nvidia-smi unavailable)';
  }
}

function commandLine(): string {
  const script = process.env.npm_lifecycle_event;
  const args = hideBin(process.argv).join(' ');
  if (script === 'bench') return `${process.env.npm_config_user_agent?.split('/')[0] ?? 'pnpm'} ${script}${args ? ` ${args}` : ''}`;
  return `tsx scripts/bench.ts${args ? ` ${args}` : ''}`;
}

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('bench')
    .usage('$0 [options]\n\nRNN baselines against the GPT: throughput and long-range dependency.')
    .option('backend', { type: 'string', describe: 'tfzoo backend (tensorflow-gpu, tensorflow, wasm, cpu); default: the best available' })
    .option('quick', { type: 'boolean', default: false, describe: 'a smaller run, under 2 minutes' })
    .option('out', { type: 'string', default: DEFAULT_OUT, describe: 'output folder' })
    .option('render', { type: 'string', describe: 'measure nothing: rewrite the Markdown and charts of a saved <backend>-<date>.json into --out' })
    .strict()
    .help()
    .parse();
  if (argv.render !== undefined) {
    const report = JSON.parse(fs.readFileSync(argv.render, 'utf8')) as BenchReport;
    if (report.format !== 'tfzoo-bench') throw new Error(`${argv.render} is not a tfzoo bench report (format ${JSON.stringify(report.format)})`);
    const files = writeReport(report, path.resolve(argv.out));
    console.error(`[bench] wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
    return;
  }
  await runBench({ backend: argv.backend, quick: argv.quick, outDir: path.resolve(argv.out) });
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
