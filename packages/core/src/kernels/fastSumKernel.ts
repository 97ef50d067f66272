import * as tf from '@tensorflow/tfjs';
import { simdElementwiseKernel } from './simdElementwiseModule';
import { asWasmBackend, heapFloat32, requireInput } from './wasmBackendAccess';

/**
 * A wasm `Sum` kernel that reduces leading axes (every bias gradient: (B·T, n) → (n), and
 * the broadcast gradients of LayerNorm's γ and β) as column sums in one JavaScript pass over
 * the heap. wasm's own kernel first transposes the reduced axes to the end (a copy) and then
 * runs a scalar loop: about 5 ns per element, 6 % of a small GPT's training step. Sums run
 * in double precision, as the cpu backend's: on f64x2 lanes in tfzoo's WebAssembly SIMD
 * module where the engine has it (`columnSum`, simdReductionCode.ts), otherwise in
 * `columnSumsInto`; both give the same bits. Other reductions and non-float32 inputs go to
 * the original kernel.
 *
 * @param original the wasm backend's own Sum kernel config.
 */
export function createFastSumConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = requireInput(args.inputs, 'x', 'Sum');
    if (x.dtype !== 'float32' || x.shape.length < 2) return original.kernelFunc(args);
    const attrs = args.attrs ?? {};
    const axes = reducedAxes(attrs.axis, x.shape.length);
    if (axes === null) return original.kernelFunc(args);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (!leading) return original.kernelFunc(args);
    const kept = x.shape.slice(axes.length);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const cols = tf.util.sizeFromShape(kept);
    const outShape = attrs.keepDims === true ? [...axes.map(() => 1), ...kept] : kept;
    const wasm = asWasmBackend(args.backend, 'Sum');
    const out = wasm.makeOutput(outShape, 'float32');
    if (cols === 0) return out;
    const simd = simdElementwiseKernel(wasm, out);
    // Views after makeOutput, which may have grown the heap.
    const [xs, outs] = [heapFloat32(wasm, x), heapFloat32(wasm, out)];
    if (simd != null) simd.columnSum(xs.byteOffset, outs.byteOffset, rows, cols);
    else columnSumsInto(xs, rows, cols, outs);
    return out;
  };
  return { kernelName: 'Sum', backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc };
}

/** out[c] = Σ_r x[r·cols + c], in double precision: the JavaScript fallback of the SIMD `columnSum`. */
export function columnSumsInto(x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    for (let c = 0; c < cols; c++) sums[c] += x[offset + c];
  }
  out.set(sums);
}

/** The reduced axes, non-negative, sorted and unique; null when absent or invalid (the original kernel reports those). */
function reducedAxes(axis: unknown, rank: number): number[] | null {
  const list = typeof axis === 'number' ? [axis] : Array.isArray(axis) ? axis : null;
  if (list === null || !list.every((a) => Number.isInteger(a) && a >= -rank && a < rank)) return null;
  return [...new Set(list.map((a: number) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
}
