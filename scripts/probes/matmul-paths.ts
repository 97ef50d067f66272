/**
 * One thread: tfzoo's SIMD matmul kernel against the XNNPACK path the registry would otherwise
 * take, for the products `prefersSimdSingleMatMul` decides on — medians of alternating runs.
 *
 *   npx tsx --tsconfig tsconfig.check.json scripts/probes/matmul-paths.ts
 *
 * Plain products are compared with the bias fused (the backend's own `_FusedMatMul`, i.e.
 * XNNPACK), transposed ones with `fastWasmMatMul` (transposes copied, then XNNPACK).
 * Kernel timings alone overstate gains in a training step: decide with an A/B of the step.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { prefersSimdSingleMatMul } from '../../packages/core/src/kernels/fastBatchMatMulKernel';
import { fastWasmMatMul } from '../../packages/core/src/kernels/fastWasmMatMul';
import { matMulShapes } from '../../packages/core/src/kernels/matMulShapes';
import { simdBatchMatMul } from '../../packages/core/src/kernels/simdBatchMatMul';
import { asWasmBackend } from '../../packages/core/src/kernels/wasmBackendAccess';
import { restoreWasmKernel } from '../../packages/core/src/kernels/wasmKernelRegistry';

type Case = [label: string, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean];

const CASES: Case[] = [
  ['GPT qkv forward', 768, 128, 384, false, false],
  ['GPT fc forward', 768, 128, 512, false, false],
  ['GPT fc2 forward', 768, 512, 128, false, false],
  ['GPT fc dW = Xᵀ·dY', 128, 768, 512, true, false],
  ['GPT fc dX = dY·Wᵀ', 768, 512, 128, false, true],
  ['512³ plain', 512, 512, 512, false, false],
  ['512³ Xᵀ·dY', 512, 512, 512, true, false],
  ['1024³ Xᵀ·dY', 1024, 1024, 1024, true, false],
  ['1024³ dY·Wᵀ', 1024, 1024, 1024, false, true],
];

async function main(): Promise<void> {
  await initBackend('wasm', { log: null });
  // tf.fused.matMul then reaches the backend's own (XNNPACK) kernel.
  restoreWasmKernel('_FusedMatMul');
  restoreWasmKernel('BatchMatMul');
  const originalBatchMatMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const backend = asWasmBackend(tf.backend(), 'matmul-paths');
  console.log('one wasm thread; ms are medians; "routed" is what prefersSimdSingleMatMul picks');
  for (const [label, m, k, n, transposeA, transposeB] of CASES) {
    const a = tf.randomNormal(transposeA ? [k, m] : [m, k]);
    const b = tf.randomNormal(transposeB ? [n, k] : [k, n]);
    const bias = tf.randomNormal([n]);
    const shapes = matMulShapes(a.shape, b.shape, transposeA, transposeB);
    const plain = !transposeA && !transposeB;
    const runs = m * k * n > 1e8 ? 5 : 21;
    const times: [number[], number[]] = [[], []];
    for (let r = 0; r < runs; r++) {
      let start = performance.now();
      if (plain) tf.fused.matMul({ a, b, bias }).dispose();
      else backend.disposeData(fastWasmMatMul(backend, a, b, transposeA, transposeB, shapes, originalBatchMatMul).dataId);
      times[0].push(performance.now() - start);
      start = performance.now();
      const out = simdBatchMatMul(backend, a, b, transposeA, transposeB, shapes, plain ? bias : undefined);
      times[1].push(performance.now() - start);
      if (out != null) backend.disposeData(out.dataId);
    }
    const [other, simd] = times.map((t) => t.sort((x, y) => x - y)[runs >> 1]);
    const routed = prefersSimdSingleMatMul(shapes, transposeA, transposeB) ? 'SIMD' : 'XNNPACK';
    console.log(`${label.padEnd(20)} XNNPACK path ${other.toFixed(2)} ms, SIMD ${simd.toFixed(2)} ms, SIMD speed-up ${(other / simd).toFixed(2)} (routed: ${routed})`);
    tf.dispose([a, b, bias]);
  }
}

void main();
