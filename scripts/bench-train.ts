/**
 * Training speed of tfzoo's GPT on the wasm backend, side by side with PyTorch.
 *
 *   pnpm bench:train [--rounds 5] [--steps 10] [--no-torch] [--threads N (default 2)] [--label NAME]
 *   (or: npx tsx --tsconfig tsconfig.check.json scripts/bench-train.ts …, straight from the sources)
 *
 * The configuration is nanoGPT's CPU run (/work/shared/peers/torch_lm_bench.py): vocabulary 65,
 * 4 layers, 4 heads, width 128, context 64, batch 12, learned positions, pre-norm, exact GELU,
 * tied embeddings, AdamW (lr 1e-3, betas 0.9/0.99, weight decay 0.1 on matrices). tfzoo trains
 * its own `GPT` from @tfzoo/gpt through `Trainer.trainStep` — the step `Trainer.fit` runs: the
 * model's next-token loss, gradients, clipping to norm 1 (as nanoGPT; the PyTorch script does not
 * clip, so tfzoo does slightly more work), AdamW.
 *
 * The two sides alternate `--rounds` times in this one process (the machine is shared and
 * absolute speeds drift); each round gives a ratio, and the median ratio is the result.
 * PyTorch runs only when `/usr/bin/python3` can import torch. OpenBLAS 0.3.21 mis-detects this
 * CPU (/work/shared/peers/README.md), so OPENBLAS_CORETYPE is set from /proc/cpuinfo: SKYLAKEX
 * where AVX-512 exists (it crashes with an illegal instruction elsewhere), HASWELL for AVX2.
 * Both sides use TORCH_THREADS threads unless `--threads` says otherwise for tfzoo (1: the
 * single-threaded wasm build; 2 or more: the threaded build with tfzoo's helper threads).
 *
 * Also prints the per-kernel time table of tfzoo's training step (calls, ms per step, share;
 * the rest of the step is JavaScript outside kernels: tfjs's engine, tf.layers, tfzoo) and
 * forward-pass (inference) tokens/s. Writes bench-results/train-<label>.{json,md}.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ADAMW_KERNEL, GELU_GRAD_KERNEL, GELU_KERNEL, initBackend, LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, registerWasmTrainingKernels, SUM_OF_SQUARES_KERNEL } from '@tfzoo/core';
import type { IntMatrix } from '@tfzoo/data';
import { GPT, gptConfig, type GPTConfig, type LanguageModelBatch } from '@tfzoo/gpt';
import { CharTokenizer } from '@tfzoo/tokenizers';
import { Trainer } from '@tfzoo/train';
// Not part of @tfzoo/core's API: the bench switches single kernels off to measure "before".
import { restoreWasmKernel } from '../packages/core/src/kernels/wasmKernelRegistry';
import { KernelTime, KernelTimer } from './bench-train-profile';
import { trainRatioChartSvg } from './bench-train-chart';

const TORCH_SCRIPT = '/work/shared/peers/torch_lm_bench.py';
const PYTHON = '/usr/bin/python3';
const BATCH = 12;
/** PyTorch's intra-op threads, and tfzoo's wasm threads unless `--threads` is given. */
const TORCH_THREADS = 2;

/**
 * The kernels added by the training-speed work of BENCHMARKS.md (shared-buffer Identity and
 * Cast, column-sum Sum, fused layer norm). Without them the layers fall back to their
 * composed formulas: the "before" state, measured in the same process.
 */
const SPEED_KERNELS = ['Identity', 'Cast', 'Sum', LAYER_NORM_KERNEL, LAYER_NORM_GRAD_KERNEL, ADAMW_KERNEL, SUM_OF_SQUARES_KERNEL, GELU_KERNEL, GELU_GRAD_KERNEL, 'GatherV2', 'SplitV', 'Concat'];

function useSpeedKernels(on: boolean): void {
  if (on) registerWasmTrainingKernels();
  else for (const name of SPEED_KERNELS) restoreWasmKernel(name);
}

interface Options {
  rounds: number;
  /** Also time the step without SPEED_KERNELS in each round. */
  before: boolean;
  steps: number;
  torch: boolean;
  threads: number;
  label: string;
  profileSteps: number;
}

interface Round {
  /** Without SPEED_KERNELS (null when not measured). */
  beforeTokensPerSecond: number | null;
  tfzooTokensPerSecond: number;
  torchTokensPerSecond: number | null;
  ratio: number | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { rounds: 5, before: true, steps: 10, torch: true, threads: TORCH_THREADS, label: 'latest', profileSteps: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`expected a positive integer after ${arg}, got ${argv[i]}`);
      return v;
    };
    if (arg === '--rounds') options.rounds = value();
    else if (arg === '--steps') options.steps = value();
    else if (arg === '--profile-steps') options.profileSteps = value();
    else if (arg === '--threads') options.threads = value();
    else if (arg === '--no-torch') options.torch = false;
    else if (arg === '--no-before') options.before = false;
    else if (arg === '--label') {
      const label = argv[++i];
      if (!label || !/^[\w.-]+$/.test(label)) throw new Error(`expected a label of letters, digits, '.', '-' or '_' after --label, got ${label}`);
      options.label = label;
    } else throw new Error(`unknown argument ${arg}; expected --rounds N, --steps N, --profile-steps N, --threads N, --no-torch, --no-before, --label NAME`);
  }
  return options;
}

/** nanoGPT's CPU configuration, as torch_lm_bench.py builds it. */
function nanoGptCpuConfig(): GPTConfig {
  return gptConfig({
    vocabSize: 65,
    blockSize: 64,
    nLayer: 4,
    nHead: 4,
    nEmbd: 128,
    dropout: 0,
    positional: 'learned',
    norm: 'pre',
    activation: 'gelu',
    tieEmbeddings: true,
  });
}

/** A char tokenizer of exactly `vocabSize` ids (special tokens plus distinct characters). */
function tokenizerOfSize(vocabSize: number, specialTokens: number): CharTokenizer {
  const chars = Array.from({ length: vocabSize - specialTokens }, (_, i) => String.fromCharCode(33 + i));
  return new CharTokenizer(chars);
}

/** A fixed random batch (as the PyTorch script uses one fixed batch). */
function randomBatch(vocabSize: number, T: number, seed: number): LanguageModelBatch {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state % vocabSize;
  };
  const matrix = (): IntMatrix => ({ data: Int32Array.from({ length: BATCH * T }, next), shape: [BATCH, T] });
  return { x: matrix(), y: matrix() };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function torchAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return fs.existsSync(TORCH_SCRIPT);
  } catch {
    return false;
  }
}

/** The OpenBLAS kernel set for this CPU's vector width. */
function openblasCoreType(): string {
  const flags = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  return /\bavx512f\b/.test(flags) ? 'SKYLAKEX' : /\bavx2\b/.test(flags) ? 'HASWELL' : 'PRESCOTT';
}

/** One run of the PyTorch script: its median tokens/s over `reps` timed groups of `steps` steps. */
function runTorch(mode: 'train' | 'infer', steps: number, reps: number): { tokensPerSecond: number; record: Record<string, unknown> } {
  const out = execFileSync(
    PYTHON,
    [TORCH_SCRIPT, '--model', 'gpt', '--mode', mode, '--threads', String(TORCH_THREADS), '--steps', String(steps), '--reps', String(reps)],
    { env: { ...process.env, OPENBLAS_CORETYPE: openblasCoreType() }, encoding: 'utf8' },
  );
  const line = out.trim().split('\n').pop() ?? '';
  const record = JSON.parse(line) as Record<string, unknown>;
  return { tokensPerSecond: Number(record.tok_per_s), record };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = new Date();
  const choice = await initBackend('wasm', { log: null, threads: options.threads });
  console.log(choice.line);

  const config = nanoGptCpuConfig();
  const gpt = new GPT(config, tokenizerOfSize(config.vocabSize, 7));
  const trainer = new Trainer(gpt.trainable(), { maxSteps: 1_000_000, learningRate: 1e-3, beta2: 0.99, weightDecay: 0.1, warmupSteps: 0, schedule: 'constant' });
  const batch = randomBatch(config.vocabSize, config.blockSize, 1);
  const tokensPerStep = BATCH * config.blockSize;
  console.log(`GPT ${config.nLayer}×${config.nEmbd}, ${config.nHead} heads, context ${config.blockSize}, batch ${BATCH}: ${gpt.countParams().toLocaleString('en')} parameters`);

  const step = () => trainer.trainStep(() => batch);
  const timeSteps = async (n: number): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await step();
    return (performance.now() - t0) / n;
  };
  const first = await step();
  for (let i = 0; i < 2; i++) await step();

  const useTorch = options.torch && torchAvailable();
  if (options.torch && !useTorch) console.log(`PyTorch skipped: ${PYTHON} cannot import torch (or ${TORCH_SCRIPT} is missing)`);
  const rounds: Round[] = [];
  const torchRecords: Record<string, unknown>[] = [];
  if (options.before) {
    // Warm the "before" path too (its kernels compile their XNNPACK operators on first use).
    useSpeedKernels(false);
    for (let i = 0; i < 2; i++) await step();
    useSpeedKernels(true);
  }
  for (let r = 0; r < options.rounds; r++) {
    let before: number | null = null;
    if (options.before) {
      useSpeedKernels(false);
      try {
        before = tokensPerStep / ((await timeSteps(options.steps)) / 1000);
      } finally {
        useSpeedKernels(true);
      }
    }
    const ms = await timeSteps(options.steps);
    const tfzoo = tokensPerStep / (ms / 1000);
    let torchTps: number | null = null;
    if (useTorch) {
      const { tokensPerSecond, record } = runTorch('train', options.steps, 3);
      torchTps = tokensPerSecond;
      torchRecords.push(record);
    }
    const round: Round = { beforeTokensPerSecond: before, tfzooTokensPerSecond: tfzoo, torchTokensPerSecond: torchTps, ratio: torchTps ? tfzoo / torchTps : null };
    rounds.push(round);
    console.log(
      `round ${r + 1}/${options.rounds}: ` +
        (before !== null ? `before ${before.toFixed(0)} tok/s, ` : '') +
        `tfzoo ${tfzoo.toFixed(0)} tok/s (${ms.toFixed(1)} ms/step)` +
        (torchTps ? `, PyTorch ${torchTps.toFixed(0)} tok/s, ratio ${round.ratio!.toFixed(3)}` : ''),
    );
  }
  const last = await step();

  // Per-kernel profile of the training step.
  const timer = new KernelTimer();
  timer.install('wasm');
  let profile: KernelTime[];
  let profiledStepMs: number;
  try {
    await timeSteps(1); // first wrapped call of each kernel
    timer.reset();
    profiledStepMs = await timeSteps(options.profileSteps);
    profile = timer.table(options.profileSteps, profiledStepMs);
  } finally {
    timer.uninstall();
  }
  const kernelMs = profile.reduce((s, k) => s + k.ms, 0);

  // Inference: the forward pass over the same batch (what evaluation and perplexity run).
  const ids = tf.tensor2d(batch.x.data, batch.x.shape, 'int32');
  const forward = async () => {
    const logits = gpt.logits(ids as tf.Tensor2D);
    await logits.data();
    logits.dispose();
  };
  for (let i = 0; i < 3; i++) await forward();
  const inferMs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < options.steps; i++) await forward();
    inferMs.push((performance.now() - t0) / options.steps);
  }
  ids.dispose();
  const inferTps = tokensPerStep / (median(inferMs) / 1000);
  const torchInfer = useTorch ? runTorch('infer', options.steps, 3) : null;

  const tfzooMedian = median(rounds.map((r) => r.tfzooTokensPerSecond));
  const beforeMedian = options.before ? median(rounds.map((r) => r.beforeTokensPerSecond!)) : null;
  const speedupMedian = options.before ? median(rounds.map((r) => r.tfzooTokensPerSecond / r.beforeTokensPerSecond!)) : null;
  const beforeRatioMedian = options.before && useTorch ? median(rounds.map((r) => r.beforeTokensPerSecond! / r.torchTokensPerSecond!)) : null;
  const torchMedian = useTorch ? median(rounds.map((r) => r.torchTokensPerSecond!)) : null;
  const ratioMedian = useTorch ? median(rounds.map((r) => r.ratio!)) : null;
  console.log('');
  console.log(`training: tfzoo ${tfzooMedian.toFixed(0)} tok/s` + (torchMedian ? `, PyTorch ${torchMedian.toFixed(0)} tok/s, median ratio ${ratioMedian!.toFixed(3)}` : ''));
  if (beforeMedian !== null) {
    console.log(
      `before (without ${SPEED_KERNELS.join(', ')}): ${beforeMedian.toFixed(0)} tok/s; median speed-up ${speedupMedian!.toFixed(2)}×` +
        (beforeRatioMedian !== null ? `; before ÷ PyTorch ${beforeRatioMedian.toFixed(3)}` : ''),
    );
  }
  console.log(`inference (forward pass): tfzoo ${inferTps.toFixed(0)} tok/s` + (torchInfer ? `, PyTorch ${torchInfer.tokensPerSecond.toFixed(0)} tok/s, ratio ${(inferTps / torchInfer.tokensPerSecond).toFixed(3)}` : ''));
  console.log(`loss ${first.loss.toFixed(3)} → ${last.loss.toFixed(3)} over ${trainer.step} steps`);
  console.log('');
  const tableLines = kernelTable(profile, profiledStepMs, kernelMs);
  for (const line of tableLines) console.log(line);

  const report = {
    command: `bench-train ${process.argv.slice(2).join(' ')}`.trim(),
    date: started.toISOString(),
    backend: choice.line,
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores)`,
    node: process.versions.node,
    tfjs: tf.version.tfjs,
    config,
    batch: BATCH,
    params: gpt.countParams(),
    stepsPerRound: options.steps,
    rounds,
    training: { tfzooTokensPerSecond: tfzooMedian, torchTokensPerSecond: torchMedian, ratio: ratioMedian },
    before: beforeMedian === null ? null : { kernelsOff: SPEED_KERNELS, tokensPerSecond: beforeMedian, speedup: speedupMedian, ratio: beforeRatioMedian },
    inference: {
      tfzooTokensPerSecond: inferTps,
      torchTokensPerSecond: torchInfer?.tokensPerSecond ?? null,
      ratio: torchInfer ? inferTps / torchInfer.tokensPerSecond : null,
    },
    loss: { first: first.loss, last: last.loss, steps: trainer.step },
    profile: { stepMs: profiledStepMs, kernelMs, kernels: profile },
    torch: torchRecords.length > 0 ? { train: torchRecords, infer: torchInfer?.record ?? null } : null,
  };
  const dir = path.join(__dirname, '..', 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `train-${options.label}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, markdown(report, tableLines));
  const chart = trainRatioChartSvg(rounds, `${choice.line.replace(/^tfzoo backend: /, '')}; PyTorch ${TORCH_THREADS} threads; ${report.machine}`);
  if (chart !== null) fs.writeFileSync(`${base}.svg`, chart);
  console.log(`\nwrote ${path.relative(process.cwd(), base)}.{json,md${chart !== null ? ',svg' : ''}}`);
  trainer.dispose();
  gpt.dispose();
}

function kernelTable(profile: KernelTime[], stepMs: number, kernelMs: number): string[] {
  const lines = [
    `| kernel | calls/step | ms/step | share |`,
    `|---|---:|---:|---:|`,
  ];
  for (const k of profile) {
    lines.push(`| ${k.kernel} | ${fmtCalls(k.calls)} | ${k.ms.toFixed(2)} | ${(100 * k.share).toFixed(1)} % |`);
  }
  const calls = profile.reduce((s, k) => s + k.calls, 0);
  lines.push(`| **all kernels** | ${fmtCalls(calls)} | ${kernelMs.toFixed(2)} | ${((100 * kernelMs) / stepMs).toFixed(1)} % |`);
  lines.push(`| outside kernels (engine, layers, JS) | | ${(stepMs - kernelMs).toFixed(2)} | ${((100 * (stepMs - kernelMs)) / stepMs).toFixed(1)} % |`);
  lines.push(`| **step** | | ${stepMs.toFixed(2)} | 100 % |`);
  return lines;
}

function fmtCalls(calls: number): string {
  return Number.isInteger(calls) ? String(calls) : calls.toFixed(1);
}

function markdown(report: {
  command: string;
  date: string;
  backend: string;
  machine: string;
  node: string;
  tfjs: string;
  params: number;
  stepsPerRound: number;
  rounds: Round[];
  training: { tfzooTokensPerSecond: number; torchTokensPerSecond: number | null; ratio: number | null };
  before: { tokensPerSecond: number; speedup: number | null; ratio: number | null } | null;
  inference: { tfzooTokensPerSecond: number; torchTokensPerSecond: number | null; ratio: number | null };
  loss: { first: number; last: number; steps: number };
}, tableLines: string[]): string {
  const r = report;
  const tps = (x: number | null) => (x === null ? '—' : x.toFixed(0));
  const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  return [
    `# GPT training speed on wasm (nanoGPT CPU configuration)`,
    '',
    `- **Command:** \`${r.command}\`, ${r.date}`,
    `- **Machine:** ${r.machine}, Node ${r.node}, tfjs ${r.tfjs}`,
    `- **Backend:** \`${r.backend}\``,
    `- **Model:** vocabulary 65, 4 layers, 4 heads, width 128, context 64, batch 12, learned positions, pre-norm, GELU, tied embeddings (${r.params.toLocaleString('en')} parameters); AdamW, gradient clipping 1.0`,
    `- **Method:** per round, tfzoo before (the speed kernels off, if measured), tfzoo (${r.stepsPerRound} steps each) and PyTorch (torch_lm_bench.py, 3 × ${r.stepsPerRound} steps, ${TORCH_THREADS} threads) run one after another; ${r.rounds.length} rounds; medians of the per-round figures.`,
    '',
    `| | tfzoo tok/s | PyTorch tok/s | ratio |`,
    `|---|---:|---:|---:|`,
    `| training | ${tps(r.training.tfzooTokensPerSecond)} | ${tps(r.training.torchTokensPerSecond)} | ${ratio(r.training.ratio)} |`,
    ...(r.before ? [`| training, before (speed kernels off) | ${tps(r.before.tokensPerSecond)} | ${tps(r.training.torchTokensPerSecond)} | ${ratio(r.before.ratio)} |`] : []),
    `| inference (forward pass) | ${tps(r.inference.tfzooTokensPerSecond)} | ${tps(r.inference.torchTokensPerSecond)} | ${ratio(r.inference.ratio)} |`,
    '',
    `Rounds (training tok/s, tfzoo / PyTorch = ratio${r.before ? '; before' : ''}): ${r.rounds
      .map((x) => `${tps(x.tfzooTokensPerSecond)} / ${tps(x.torchTokensPerSecond)} = ${ratio(x.ratio)}${x.beforeTokensPerSecond !== null ? `; ${tps(x.beforeTokensPerSecond)}` : ''}`)
      .join(' · ')}.` + (r.before?.speedup ? ` Median speed-up over before: ${r.before.speedup.toFixed(2)}×.` : ''),
    '',
    `Loss ${r.loss.first.toFixed(3)} → ${r.loss.last.toFixed(3)} over ${r.loss.steps} steps on one fixed batch.`,
    '',
    `## Where tfzoo's training step goes (per-kernel time)`,
    '',
    ...tableLines,
    '',
  ].join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
