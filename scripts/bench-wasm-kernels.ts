/**
 * Benchmarks tfzoo's wasm training kernels (packages/core/src/kernels) against the wasm
 * backend's own: matMul GFLOP/s for the shapes training a small GPT hits, one GPT block's
 * gradient step, and the UnsortedSegmentSum scatter-add (the embedding gradient) against
 * the cpu backend's (wasm has none of its own).
 *
 *   npx tsx scripts/bench-wasm-kernels.ts [--reps N]
 *
 * Prints a table and writes bench-results/wasm-kernels.{json,md}.
 * Times are medians of N (default 7, at least 5) runs after two warm-up runs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../packages/core/src/initBackend';
import {
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
} from '../packages/core/src/kernels/registerWasmTrainingKernels';
import { describeRuntime } from '../packages/core/src/runtimeInfo';

interface MatMulCase {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

interface MatMulResult extends MatMulCase {
  flops: number;
  tfzooMs: number;
  wasmOwnMs: number;
  tfzooGflops: number;
  wasmOwnGflops: number;
  speedup: number;
}

interface StepResult {
  name: string;
  tfzooMs: number;
  wasmOwnMs: number;
  speedup: number;
}

interface ScatterResult {
  name: string;
  x: number[];
  numSegments: number;
  tfzooWasmMs: number;
  cpuMs: number;
  /** Runs behind cpuMs: 1 when a single run would already take most of the time budget. */
  cpuRuns: number;
  speedup: number;
}

const MATMULS: MatMulCase[] = [
  { name: '512³', a: [512, 512], b: [512, 512], transposeA: false, transposeB: false },
  { name: '512³, transposeA', a: [512, 512], b: [512, 512], transposeA: true, transposeB: false },
  { name: '512³, transposeB', a: [512, 512], b: [512, 512], transposeA: false, transposeB: true },
  { name: 'dense fwd x·W', a: [768, 128], b: [128, 384], transposeA: false, transposeB: false },
  { name: 'dense bwd dX = dY·Wᵀ', a: [768, 384], b: [128, 384], transposeA: false, transposeB: true },
  { name: 'dense bwd dW = xᵀ·dY', a: [768, 128], b: [768, 384], transposeA: true, transposeB: false },
  { name: 'dense on (B, T, C) input', a: [6, 128, 128], b: [128, 384], transposeA: false, transposeB: false },
  { name: 'attention att·v', a: [48, 64, 32], b: [48, 32, 64], transposeA: false, transposeB: false },
  { name: 'attention q·kᵀ', a: [48, 64, 32], b: [48, 64, 32], transposeA: false, transposeB: true },
  { name: 'attention bwd dv = attᵀ·dY', a: [48, 64, 64], b: [48, 64, 32], transposeA: true, transposeB: false },
];

/** Time allowed for the cpu backend's segment sums: at vocab 2000 one run takes about a minute. */
const CPU_SCATTER_BUDGET_MS = 15_000;

const SCATTERS = [
  { name: 'embedding grad, vocab 65', x: [768, 128], numSegments: 65 },
  { name: 'embedding grad, vocab 2000', x: [768, 128], numSegments: 2000 },
];

function parseReps(argv: string[]): number {
  const i = argv.indexOf('--reps');
  if (i < 0) return 7;
  const reps = Number(argv[i + 1]);
  if (!Number.isInteger(reps) || reps < 5) throw new Error(`--reps: expected an integer >= 5, got ${argv[i + 1]}`);
  return reps;
}

/** Median wall time in ms of `run` over `reps` runs, after two warm-up runs. */
function medianMs(run: () => void, reps: number): number {
  return timeRuns(run, reps, Infinity).ms;
}

/**
 * Like `medianMs`, but a first run so slow that warm-ups plus `reps` runs would exceed
 * `budgetMs` is the only measurement (the cpu backend's segment sum takes a minute).
 */
function timeRuns(run: () => void, reps: number, budgetMs: number): { ms: number; runs: number } {
  const once = (): number => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  const first = once();
  if (first * (reps + 1) > budgetMs) return { ms: first, runs: 1 };
  once(); // second warm-up
  const times = Array.from({ length: reps }, once).sort((x, y) => x - y);
  return { ms: times[Math.floor(reps / 2)], runs: reps };
}

/** Times tf.matMul on the current backend; wasm kernels are synchronous, so no readback is needed. */
function timeMatMul(c: MatMulCase, reps: number): number {
  const a = tf.randomNormal(c.a);
  const b = tf.randomNormal(c.b);
  const ms = medianMs(() => tf.matMul(a, b, c.transposeA, c.transposeB).dispose(), reps);
  tf.dispose([a, b]);
  return ms;
}

function timeSegmentSum(shape: number[], numSegments: number, reps: number, budgetMs: number): { ms: number; runs: number } {
  const x = tf.randomNormal(shape);
  const ids = tf.randomUniform([shape[0]], 0, numSegments, 'int32') as tf.Tensor1D;
  const timing = timeRuns(() => {
    const y = tf.unsortedSegmentSum(x, ids, numSegments);
    y.dataSync(); // both backends compute eagerly; this only makes the work identical
    y.dispose();
  }, reps, budgetMs);
  tf.dispose([x, ids]);
  return timing;
}

/** A GPT-style block, (B, T, C) = (4, 64, 128) with 4 heads: attention then a 4C MLP. */
const BLOCK = { batch: 4, time: 64, channels: 128, heads: 4 };
const BLOCK_NAME = `GPT block fwd+bwd (B, T, C) = (${BLOCK.batch}, ${BLOCK.time}, ${BLOCK.channels}), ${BLOCK.heads} heads`;

/** Times one gradient computation of a transformer block; only matMul, no embedding. */
function timeBlockStep(reps: number): number {
  const { batch: B, time: T, channels: C, heads: H } = BLOCK;
  const hs = C / H;
  const init = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, 0.05));
  const weights = { qkv: init([C, 3 * C]), proj: init([C, C]), up: init([C, 4 * C]), down: init([4 * C, C]) };
  const x = tf.randomNormal([B * T, C]);
  const loss = (): tf.Scalar => {
    const qkv = tf.matMul(x, weights.qkv).reshape([B, T, 3, H, hs]).transpose([2, 0, 3, 1, 4]); // (3, B, H, T, hs)
    const [q, k, v] = tf.unstack(qkv).map((t) => t.reshape([B * H, T, hs]));
    const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(hs))); // (B·H, T, T)
    const y = tf.matMul(att, v).reshape([B, H, T, hs]).transpose([0, 2, 1, 3]).reshape([B * T, C]);
    const h = tf.matMul(y, weights.proj).add(x);
    const out = tf.matMul(tf.relu(tf.matMul(h, weights.up)), weights.down).add(h);
    return out.square().mean();
  };
  const ms = medianMs(() => {
    const { value, grads } = tf.variableGrads(loss);
    tf.dispose([value, ...Object.values(grads)]);
  }, reps);
  tf.dispose([x, ...Object.values(weights)]);
  return ms;
}

function matMulFlops(c: MatMulCase): number {
  const m = c.transposeA ? c.a[c.a.length - 1] : c.a[c.a.length - 2];
  const k = c.transposeA ? c.a[c.a.length - 2] : c.a[c.a.length - 1];
  const n = c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
  const batch = Math.max(tf.util.sizeFromShape(c.a.slice(0, -2)), tf.util.sizeFromShape(c.b.slice(0, -2)));
  return 2 * batch * m * k * n;
}

function shapeText(shape: number[], transposed: boolean): string {
  return `(${shape.join('×')})${transposed ? 'ᵀ' : ''}`;
}

function markdown(
  matmuls: MatMulResult[],
  step: StepResult,
  scatters: ScatterResult[],
  env: Record<string, unknown>,
  reps: number,
): string {
  const lines = [
    '# wasm training kernels',
    '',
    `${String(env.date)} · ${String(env.cpu)} · Node ${String(env.node)} · tfjs ${String(env.tfjs)} · ` +
      `wasm ${env.simd ? 'SIMD' : 'no SIMD'}, ${String(env.threads)} thread(s) · median of ${reps} runs after 2 warm-ups`,
    '',
    '## matMul (GFLOP/s)',
    '',
    '| case | a · b | tfzoo kernels | wasm own kernel | speed-up |',
    '|---|---|---:|---:|---:|',
    ...matmuls.map(
      (r) =>
        `| ${r.name} | ${shapeText(r.a, r.transposeA)}·${shapeText(r.b, r.transposeB)} | ` +
        `${r.tfzooGflops.toFixed(2)} (${r.tfzooMs.toFixed(2)} ms) | ${r.wasmOwnGflops.toFixed(2)} (${r.wasmOwnMs.toFixed(2)} ms) | ` +
        `${r.speedup.toFixed(1)}× |`,
    ),
    '',
    '## training step',
    '',
    '| case | tfzoo kernels | wasm own kernels | speed-up |',
    '|---|---:|---:|---:|',
    `| ${step.name} | ${step.tfzooMs.toFixed(1)} ms | ${step.wasmOwnMs.toFixed(1)} ms | ${step.speedup.toFixed(1)}× |`,
    '',
    '## UnsortedSegmentSum (gradient of an embedding lookup)',
    '',
    '| case | x | segments | tfzoo scatter-add on wasm | cpu backend | speed-up |',
    '|---|---|---:|---:|---:|---:|',
    ...scatters.map(
      (r) =>
        `| ${r.name} | (${r.x.join('×')}) | ${r.numSegments} | ${r.tfzooWasmMs.toFixed(3)} ms | ` +
        `${r.cpuMs.toFixed(2)} ms${r.cpuRuns === 1 ? ' (1 run)' : ''} | ${r.speedup.toFixed(0)}× |`,
    ),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const reps = parseReps(process.argv.slice(2));
  await initBackend('wasm', { log: null });
  const runtime = describeRuntime();

  const matmuls: MatMulResult[] = [];
  for (const c of MATMULS) {
    registerWasmTrainingKernels();
    const tfzooMs = timeMatMul(c, reps);
    unregisterWasmTrainingKernels();
    const wasmOwnMs = timeMatMul(c, reps);
    const flops = matMulFlops(c);
    const result: MatMulResult = {
      ...c,
      flops,
      tfzooMs,
      wasmOwnMs,
      tfzooGflops: flops / tfzooMs / 1e6,
      wasmOwnGflops: flops / wasmOwnMs / 1e6,
      speedup: wasmOwnMs / tfzooMs,
    };
    matmuls.push(result);
    console.log(
      `${c.name.padEnd(28)} tfzoo ${result.tfzooGflops.toFixed(2).padStart(6)} GFLOP/s   ` +
        `wasm own ${result.wasmOwnGflops.toFixed(2).padStart(6)} GFLOP/s   ${result.speedup.toFixed(1)}×`,
    );
  }
  registerWasmTrainingKernels();
  const blockTfzooMs = timeBlockStep(reps);
  unregisterWasmTrainingKernels();
  const blockOwnMs = timeBlockStep(reps);
  registerWasmTrainingKernels();
  const step: StepResult = { name: BLOCK_NAME, tfzooMs: blockTfzooMs, wasmOwnMs: blockOwnMs, speedup: blockOwnMs / blockTfzooMs };
  console.log(`${BLOCK_NAME}: tfzoo ${blockTfzooMs.toFixed(1)} ms   wasm own ${blockOwnMs.toFixed(1)} ms   ${step.speedup.toFixed(1)}×`);

  const scatters: ScatterResult[] = [];
  for (const s of SCATTERS) {
    await initBackend('wasm', { log: null });
    const tfzooWasmMs = timeSegmentSum(s.x, s.numSegments, reps, Infinity).ms;
    await initBackend('cpu', { log: null });
    const cpu = timeSegmentSum(s.x, s.numSegments, reps, CPU_SCATTER_BUDGET_MS);
    const result: ScatterResult = { ...s, tfzooWasmMs, cpuMs: cpu.ms, cpuRuns: cpu.runs, speedup: cpu.ms / tfzooWasmMs };
    scatters.push(result);
    console.log(
      `${s.name.padEnd(28)} tfzoo wasm ${tfzooWasmMs.toFixed(3)} ms   cpu ${cpu.ms.toFixed(2)} ms (${cpu.runs} run(s))   ${result.speedup.toFixed(0)}×`,
    );
  }

  const env = {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    node: process.versions.node,
    tfjs: runtime.tfjsVersion,
    simd: runtime.simd,
    threads: runtime.threads,
    reps,
  };
  const outDir = path.join(__dirname, '..', 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'wasm-kernels.json'), JSON.stringify({ env, matmuls, trainingStep: step, scatters }, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'wasm-kernels.md'), markdown(matmuls, step, scatters, env, reps));
  console.log(`\nwrote ${path.relative(process.cwd(), outDir)}/wasm-kernels.{json,md}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
