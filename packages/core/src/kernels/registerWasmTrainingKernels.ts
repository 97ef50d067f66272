import { ADAMW_KERNEL, adamWWasmConfig } from './adamWKernel';
import { createFastBatchMatMulConfig } from './fastBatchMatMulKernel';
import { createFastFusedMatMulConfig } from './fastFusedMatMulKernel';
import { createFastGatherConfig } from './fastGatherKernel';
import { createFastConcatConfig, createFastSplitVConfig } from './splitConcatKernels';
import { createFastSumConfig } from './fastSumKernel';
import { GELU_GRAD_KERNEL, GELU_KERNEL, geluGradWasmConfig, geluWasmConfig } from './geluKernels';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, layerNormGradWasmConfig, layerNormWasmConfig } from './layerNormKernels';
import { createSharedCastConfig, createSharedIdentityConfig } from './sharedBufferKernels';
import { simdElementwiseSupported } from './simdElementwiseModule';
import { SUM_OF_SQUARES_KERNEL, sumOfSquaresWasmConfig } from './sumOfSquaresKernel';
import { unsortedSegmentSumWasmConfig } from './unsortedSegmentSumKernel';
import { addWasmKernelIfMissing, overrideWasmKernel, requireWasmKernel, restoreWasmKernel } from './wasmKernelRegistry';

/**
 * Registers the kernels the wasm backend lacks (or runs slowly) for training:
 * - `UnsortedSegmentSum` (the gradient of gather, so of every embedding), which wasm
 *   lacks in tfjs 4.22: a direct scatter-add;
 * - `BatchMatMul` and `_FusedMatMul` replacements: transposed products (every dense
 *   backward pass) go through XNNPACK instead of wasm's scalar loop (10-20x faster), and
 *   batched ones (all of attention) through tfzoo's own WebAssembly SIMD kernel, in place
 *   on the heap (`simdBatchMatMul`: 3-14x faster than one XNNPACK operator per matrix);
 *   other calls go to wasm's own kernels;
 * - `Identity` and same-dtype `Cast` that share the input's buffer instead of copying it
 *   (the gradient tape clones every saved input: ~430 copies per GPT training step);
 * - a `Sum` that reduces leading axes (bias and LayerNorm gradients) as one pass of column
 *   sums instead of wasm's transpose-then-scalar-loop (in double, on SIMD lanes where it can);
 * - a `GatherV2` that copies whole rows (every embedding lookup) instead of wasm's
 *   per-element loop;
 * - `SplitV` and `Concat` (a fused QKV projection's split, and its gradient) as one
 *   `memory.copy` per row instead of JavaScript copies, slow on the threaded build's shared heap;
 * - the fused layer-norm kernels (`LAYER_NORM_KERNEL`, `LAYER_NORM_GRAD_KERNEL`) that
 *   @tfzoo/layers' `LayerNorm` uses when the backend has them;
 * - the fused optimizer kernels (`ADAMW_KERNEL`: one AdamW update of one weight, and
 *   `SUM_OF_SQUARES_KERNEL`: the global gradient norm) that @tfzoo/train's `AdamW` and
 *   `globalNorm` use when the backend has them: one kernel where ~12 per weight ran;
 * - the fused GELU kernels (`GELU_KERNEL`, `GELU_GRAD_KERNEL`) that @tfzoo/layers' `gelu`
 *   uses when the backend has them, only where this engine runs wasm SIMD (their JS
 *   fallback is slower than wasm's own Erf and friends, so without SIMD gelu keeps those).
 *
 * Idempotent: safe to call before every `setBackend('wasm')`, before or after the wasm
 * backend is initialised. Needs `@tensorflow/tfjs-backend-wasm` imported first (its
 * import registers the kernels these wrap); throws an error saying so otherwise.
 */
export function registerWasmTrainingKernels(): void {
  // Kernels the replacements call; checked up front so a missing one fails here, clearly.
  for (const name of ['BatchMatMul', '_FusedMatMul', 'Transpose', 'Add', 'Identity', 'Cast', 'Sum', 'GatherV2', 'SplitV', 'Concat']) requireWasmKernel(name);
  addWasmKernelIfMissing(unsortedSegmentSumWasmConfig);
  addWasmKernelIfMissing(layerNormWasmConfig);
  addWasmKernelIfMissing(layerNormGradWasmConfig);
  addWasmKernelIfMissing(adamWWasmConfig);
  addWasmKernelIfMissing(sumOfSquaresWasmConfig);
  if (simdElementwiseSupported()) {
    addWasmKernelIfMissing(geluWasmConfig);
    addWasmKernelIfMissing(geluGradWasmConfig);
  }
  overrideWasmKernel('BatchMatMul', createFastBatchMatMulConfig);
  overrideWasmKernel('_FusedMatMul', createFastFusedMatMulConfig);
  overrideWasmKernel('Identity', createSharedIdentityConfig);
  overrideWasmKernel('Cast', createSharedCastConfig);
  overrideWasmKernel('Sum', createFastSumConfig);
  overrideWasmKernel('GatherV2', createFastGatherConfig);
  overrideWasmKernel('SplitV', createFastSplitVConfig);
  overrideWasmKernel('Concat', createFastConcatConfig);
}

/**
 * Restores the wasm backend's own kernels (for benchmarks and tests that compare them);
 * `UnsortedSegmentSum`, the layer-norm, GELU and optimizer kernels are removed again. `registerWasmTrainingKernels` re-registers them.
 */
export function unregisterWasmTrainingKernels(): void {
  for (const name of ['UnsortedSegmentSum', 'BatchMatMul', '_FusedMatMul', 'Identity', 'Cast', 'Sum', 'GatherV2', 'SplitV', 'Concat', LAYER_NORM_KERNEL, LAYER_NORM_GRAD_KERNEL, ADAMW_KERNEL, SUM_OF_SQUARES_KERNEL, GELU_KERNEL, GELU_GRAD_KERNEL]) {
    restoreWasmKernel(name);
  }
}
