/**
 * Why @tfzoo/rnn has its own LSTM/GRU layers: times one gradient step (forward + backward)
 * of tf.layers.lstm / tf.layers.gru against @tfzoo/rnn's LstmLayer / GruLayer on the same
 * input, and the time to initialise a recurrent kernel with tfjs's Orthogonal initializer
 * against HouseholderOrthogonal on the cpu backend.
 *
 *   npx tsc -b packages/rnn && npx tsx scripts/bench-rnn-cells.ts [--backend wasm] [--reps 5]
 *
 * Writes bench-results/rnn-cells.{json,md}. Times are medians of N runs after one warm-up.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { GruLayer, HouseholderOrthogonal, LstmLayer } from '@tfzoo/rnn';
import { measure, formatMeasurement, Measurement } from './bench-timing';

interface CellCase {
  cell: 'lstm' | 'gru';
  batch: number;
  steps: number;
  units: number;
}

interface CellResult extends CellCase {
  tfjsLayers: Measurement;
  tfzoo: Measurement;
  speedup: number;
}

interface InitResult {
  shape: number[];
  backend: string;
  /** One run; null when skipped (a smaller size already took over 30 s). */
  tfjsOrthogonal: Measurement | null;
  householder: Measurement;
}

const CASES: CellCase[] = [
  { cell: 'lstm', batch: 16, steps: 64, units: 128 },
  { cell: 'gru', batch: 16, steps: 64, units: 128 },
  { cell: 'lstm', batch: 4, steps: 128, units: 64 },
];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function gradientStepMs(layer: tf.layers.Layer, x: tf.Tensor3D): () => Promise<void> {
  tf.dispose(layer.apply(x) as tf.Tensor); // build
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  return async () => {
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, vars);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
}

async function main(): Promise<void> {
  const backend = argValue('--backend') ?? 'wasm';
  const reps = Number(argValue('--reps') ?? 5);
  const choice = await initBackend(backend, { log: null });
  const cells: CellResult[] = [];
  for (const c of CASES) {
    const x = tf.randomNormal([c.batch, c.steps, c.units]) as tf.Tensor3D;
    // glorotUniform recurrent kernels for tf.layers: its default Orthogonal alone takes longer than the whole comparison.
    const theirs =
      c.cell === 'lstm'
        ? tf.layers.lstm({ units: c.units, returnSequences: true, recurrentInitializer: 'glorotUniform' })
        : tf.layers.gru({ units: c.units, returnSequences: true, recurrentInitializer: 'glorotUniform' }); // tfjs has only the "reset before" GRU
    const ours = c.cell === 'lstm' ? new LstmLayer({ units: c.units }) : new GruLayer({ units: c.units });
    const tfjsLayers = await measure(gradientStepMs(theirs, x), { warmup: 1, reps });
    const tfzoo = await measure(gradientStepMs(ours, x), { warmup: 1, reps });
    cells.push({ ...c, tfjsLayers, tfzoo, speedup: tfjsLayers.median / tfzoo.median });
    console.log(`${c.cell} B=${c.batch} T=${c.steps} H=${c.units}: tf.layers ${formatMeasurement(tfjsLayers, 'ms')} | tfzoo ${formatMeasurement(tfzoo, 'ms')}`);
    tf.dispose(x);
    theirs.dispose();
    ours.dispose();
  }

  // Initialising an LSTM's recurrent kernel (H, 4H) on the cpu backend, where tfjs's
  // Orthogonal (tf.linalg.qr, hundreds of small ops per column) is slowest. Larger sizes
  // are skipped once one takes over 30 s.
  await initBackend('cpu', { log: null });
  const inits: InitResult[] = [];
  let tfjsTooSlow = false;
  for (const H of [64, 128, 256]) {
    const shape = [H, 4 * H];
    const householder = await measure(async () => tf.dispose(new HouseholderOrthogonal().apply(shape)), { warmup: 1, reps });
    let tfjsOrthogonal: Measurement | null = null;
    if (!tfjsTooSlow) {
      tfjsOrthogonal = await measure(async () => tf.dispose(tf.initializers.orthogonal({}).apply(shape)), { warmup: 0, reps: 1 });
      tfjsTooSlow = tfjsOrthogonal.median > 30_000; // 128 × 512 took 56 s, 256 × 1024 took 425 s (2 shared cores)
    }
    inits.push({ shape, backend: 'cpu', tfjsOrthogonal, householder });
    console.log(`orthogonal ${shape.join('×')} on cpu: tfjs ${tfjsOrthogonal ? formatMeasurement(tfjsOrthogonal, 'ms') : 'skipped'} | householder ${formatMeasurement(householder, 'ms')}`);
  }

  const outDir = path.join(__dirname, '..', 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'rnn-cells.json'), JSON.stringify({ date: new Date().toISOString(), backend: choice.name, runtime: choice.runtime, cells, inits }, null, 2) + '\n');
  const lines = [
    '# Recurrent cells: tf.layers against @tfzoo/rnn',
    '',
    `${new Date().toISOString()} · backend ${choice.name} · one gradient step (forward + backward of mean(h²)), median of ${reps} after a warm-up (min–max)`,
    '',
    '| cell | B | T | units | tf.layers (ms) | @tfzoo/rnn (ms) | speed-up |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...cells.map((c) => `| ${c.cell} | ${c.batch} | ${c.steps} | ${c.units} | ${formatMeasurement(c.tfjsLayers, '')} | ${formatMeasurement(c.tfzoo, '')} | ${c.speedup.toFixed(1)}× |`),
    '',
    'Initialising an LSTM recurrent kernel (H, 4H) on the cpu backend:',
    '',
    '| recurrent kernel | tfjs Orthogonal (ms, 1 run) | HouseholderOrthogonal (ms) |',
    '|---|---:|---:|',
    ...inits.map((r) => `| ${r.shape.join(' × ')} | ${r.tfjsOrthogonal ? r.tfjsOrthogonal.median.toFixed(0) : 'skipped (> 30 s at a smaller size)'} | ${formatMeasurement(r.householder, '')} |`),
    '',
  ];
  fs.writeFileSync(path.join(outDir, 'rnn-cells.md'), lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
