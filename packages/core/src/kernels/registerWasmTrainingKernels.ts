/**
 * Registers the kernels the wasm backend lacks (or runs slowly) for training.
 * Idempotent: safe to call before every `setBackend('wasm')`.
 */
export function registerWasmTrainingKernels(): void {
  // Filled in by the kernels work (UnsortedSegmentSum, BatchMatMul fast paths).
}
