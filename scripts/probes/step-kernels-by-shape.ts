/**
 * Where a GPT training step's time goes, by kernel and, for matmuls, by operand shapes: the
 * nanoGPT CPU configuration of `bench-train.ts`, 10 steps after 5 of warm-up.
 *
 *   npx tsx --tsconfig tsconfig.check.json scripts/probes/step-kernels-by-shape.ts [threads]
 *
 * A probe for finding the next thing to change (BENCHMARKS.md, changes 10–13); the figures
 * to quote come from `bench-train.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import type { IntMatrix } from '@tfzoo/data';
import { GPT, gptConfig, type LanguageModelBatch } from '@tfzoo/gpt';
import { CharTokenizer } from '@tfzoo/tokenizers';
import { Trainer } from '@tfzoo/train';

async function main(): Promise<void> {
  const threads = Number(process.argv[2] ?? 1);
  await initBackend('wasm', { log: null, threads });
  const config = gptConfig({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, positional: 'learned', norm: 'pre', activation: 'gelu', tieEmbeddings: true });
  const gpt = new GPT(config, new CharTokenizer(Array.from({ length: 58 }, (_, i) => String.fromCharCode(33 + i))));
  const trainer = new Trainer(gpt.trainable(), { maxSteps: 1e6, learningRate: 1e-3, warmupSteps: 0, schedule: 'constant' });
  let state = 1;
  const next = () => (state = (state * 1664525 + 1013904223) >>> 0) % config.vocabSize;
  const matrix = (): IntMatrix => ({ data: Int32Array.from({ length: 12 * 64 }, next), shape: [12, 64] });
  const batch: LanguageModelBatch = { x: matrix(), y: matrix() };
  for (let i = 0; i < 5; i++) await trainer.trainStep(() => batch);

  const totals = new Map<string, { calls: number; ms: number }>();
  let depth = 0; // kernels called by kernels count once, in the outer one
  for (const kernel of tf.getKernelsForBackend('wasm')) {
    const inner = kernel.kernelFunc;
    tf.unregisterKernel(kernel.kernelName, 'wasm');
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        if (depth > 0) return inner(args);
        depth++;
        const start = performance.now();
        try {
          return inner(args);
        } finally {
          const ms = performance.now() - start;
          depth--;
          let key = kernel.kernelName;
          if (key === 'BatchMatMul' || key === '_FusedMatMul') {
            const { a, b } = args.inputs as Record<string, tf.TensorInfo>;
            key += ` ${a.shape.join('x')}${args.attrs?.transposeA ? 'ᵀ' : ''} · ${b.shape.join('x')}${args.attrs?.transposeB ? 'ᵀ' : ''}`;
          }
          const total = totals.get(key) ?? { calls: 0, ms: 0 };
          total.calls++;
          total.ms += ms;
          totals.set(key, total);
        }
      },
    });
  }
  const steps = 10;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await trainer.trainStep(() => batch);
  const stepMs = (performance.now() - t0) / steps;
  const rows = [...totals].map(([key, t]) => ({ key, calls: t.calls / steps, ms: t.ms / steps })).sort((x, y) => y.ms - x.ms);
  console.log(`wasm, ${threads} thread${threads === 1 ? '' : 's'}: ms per step, calls per step, kernel (operand shapes)`);
  for (const r of rows) if (r.ms >= 0.3) console.log(`${r.ms.toFixed(2).padStart(7)} ms ${String(r.calls).padStart(4)}×  ${r.key}`);
  console.log(`step ${stepMs.toFixed(1)} ms, kernels ${rows.reduce((s, r) => s + r.ms, 0).toFixed(1)} ms`);
  trainer.dispose();
  gpt.dispose();
}

void main();
