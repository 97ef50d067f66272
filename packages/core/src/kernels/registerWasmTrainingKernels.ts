import { createFastBatchMatMulConfig } from './fastBatchMatMulKernel';
import { createFastFusedMatMulConfig } from './fastFusedMatMulKernel';
import { createFastSumConfig } from './fastSumKernel';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, layerNormGradWasmConfig, layerNormWasmConfig } from './layerNormKernels';
import { createSharedCastConfig, createSharedIdentityConfig } from './sharedBufferKernels';
import { unsortedSegmentSumWasmConfig } from './unsortedSegmentSumKernel';
import { addWasmKernelIfMissing, overrideWasmKernel, requireWasmKernel, restoreWasmKernel } from './wasmKernelRegistry';

/**
 * Registers the kernels the wasm backend lacks (or runs slowly) for training:
 * - `UnsortedSegmentSum` (the gradient of gather, so of every embedding), which wasm
 *   lacks in tfjs 4.22: a direct scatter-add;
 * - `BatchMatMul` and `_FusedMatMul` replacements that send transposed and batched
 *   products (every dense backward pass, all of attention) through XNNPACK instead of
 *   wasm's scalar loop: 10-20x faster for dense backward products, 1.5-3.5x for
 *   attention's small batched ones, 4x for a GPT block's gradient step
 *   (scripts/bench-wasm-kernels.ts); other calls go to wasm's own kernels;
 * - `Identity` and same-dtype `Cast` that share the input's buffer instead of copying it
 *   (the gradient tape clones every saved input: ~430 copies per GPT training step);
 * - a `Sum` that reduces leading axes (bias and LayerNorm gradients) as one pass of column
 *   sums instead of wasm's transpose-then-scalar-loop;
 * - the fused layer-norm kernels (`LAYER_NORM_KERNEL`, `LAYER_NORM_GRAD_KERNEL`) that
 *   @tfzoo/layers' `LayerNorm` uses when the backend has them.
 *
 * Idempotent: safe to call before every `setBackend('wasm')`, before or after the wasm
 * backend is initialised. Needs `@tensorflow/tfjs-backend-wasm` imported first (its
 * import registers the kernels these wrap); throws an error saying so otherwise.
 */
export function registerWasmTrainingKernels(): void {
  // Kernels the replacements call; checked up front so a missing one fails here, clearly.
  for (const name of ['BatchMatMul', '_FusedMatMul', 'Transpose', 'Add', 'Identity', 'Cast', 'Sum']) requireWasmKernel(name);
  addWasmKernelIfMissing(unsortedSegmentSumWasmConfig);
  addWasmKernelIfMissing(layerNormWasmConfig);
  addWasmKernelIfMissing(layerNormGradWasmConfig);
  overrideWasmKernel('BatchMatMul', createFastBatchMatMulConfig);
  overrideWasmKernel('_FusedMatMul', createFastFusedMatMulConfig);
  overrideWasmKernel('Identity', createSharedIdentityConfig);
  overrideWasmKernel('Cast', createSharedCastConfig);
  overrideWasmKernel('Sum', createFastSumConfig);
}

/**
 * Restores the wasm backend's own kernels (for benchmarks and tests that compare them);
 * `UnsortedSegmentSum` and the layer-norm kernels are removed again. `registerWasmTrainingKernels` re-registers them.
 */
export function unregisterWasmTrainingKernels(): void {
  for (const name of ['UnsortedSegmentSum', 'BatchMatMul', '_FusedMatMul', 'Identity', 'Cast', 'Sum', LAYER_NORM_KERNEL, LAYER_NORM_GRAD_KERNEL]) restoreWasmKernel(name);
}
