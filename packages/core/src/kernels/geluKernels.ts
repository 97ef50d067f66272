import * as tf from '@tensorflow/tfjs';
import { simdElementwiseFor, SimdElementwiseExports } from './simdElementwiseModule';
import { HELPER_GELU_BACKWARD, HELPER_GELU_FORWARD, HelperSplit, runOnHelpers } from './simdHelpers';
import { asWasmBackend, heapFloat32, requireInput, WasmKernelBackend, wasmHeapMemory } from './wasmBackendAccess';

/**
 * Kernel names of the exact GELU, y = x·Φ(x) = ½·x·(1 + erf(x/√2)) (input `x`), and of its
 * gradient dx = dy·(Φ(x) + x·φ(x)) (inputs `x`, `dy`).
 *
 * Composed from tf.erf, GELU is 5 kernels forward and, through erf's gradient, about 10
 * backward, each a pass over the (tokens, 4·width) activations in the wasm backend's scalar
 * libm (its Erf and Exp alone were ~37 ms of a small GPT's training step). These run
 * tfzoo's WebAssembly SIMD code in place on the heap (simdElementwiseModule.ts) instead.
 * @tfzoo/layers' `gelu` uses them where the running backend has both registered (wasm).
 */
export const GELU_KERNEL = 'TfzooGelu';
/** See {@link GELU_KERNEL}. */
export const GELU_GRAD_KERNEL = 'TfzooGeluGrad';

/** erf(z) for the JS fallback: Taylor series for |z| < 0.5, Numerical Recipes' erfc fit above (≤ 1.2e-7). */
function erf(z: number): number {
  const a = Math.abs(z);
  if (a < 0.5) {
    let term = z;
    let sum = z;
    for (let n = 1; n <= 7; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  const t = 1 / (1 + 0.5 * a);
  const r =
    -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(r - a * a);
  return z > 0 ? 1 - erfc : erfc - 1;
}

/** y = GELU(x), in JS: the fallback where the SIMD module cannot run. */
export function geluInto(x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i] * (1 + erf(x[i] * Math.SQRT1_2));
}

/** dx = dy·GELU'(x), in JS: the fallback where the SIMD module cannot run. */
export function geluGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = dy[i] * (0.5 * (1 + erf(v * Math.SQRT1_2)) + v * Math.exp(-0.5 * v * v) * invSqrt2Pi);
  }
}

function checkFloat32(kernelName: string, inputs: Record<string, tf.TensorInfo>): void {
  for (const [name, info] of Object.entries(inputs)) {
    if (info.dtype !== 'float32') throw new Error(`${kernelName}: expected ${name} to be float32, got ${info.dtype}`);
  }
}

/**
 * Fewest elements for which GELU splits across tfzoo's helper threads (threaded build): a round
 * trip costs ~10-30 µs, GELU ~4 ns per element forward and ~7 backward on one thread.
 */
export const GELU_PARALLEL_MIN_ELEMENTS = 32_768;

/**
 * Runs the SIMD function `pick(simd)` over the `views` (equal-length float32 arrays on the heap
 * of `out`'s backend; it takes their byte offsets, then an element count), split in ranges of whole f32x4 lanes
 * across tfzoo's helper threads where there are any. Returns false, doing nothing, where the
 * SIMD module cannot run (the caller then runs its JS fallback).
 */
function runElementwiseSimd(
  wasm: WasmKernelBackend,
  out: tf.TensorInfo,
  views: readonly Float32Array[],
  helperFn: number,
  pick: (simd: SimdElementwiseExports) => (...args: number[]) => void,
): boolean {
  const memory = wasmHeapMemory(wasm, out);
  const simd = memory == null ? null : simdElementwiseFor(memory);
  if (memory == null || simd == null) return false;
  const n = views[0].length;
  const args = (from: number, to: number) => [...views.map((v) => v.byteOffset + 4 * from), to - from];
  const split: HelperSplit = { total: n, align: 4, maxThreads: n >= GELU_PARALLEL_MIN_ELEMENTS ? Number.MAX_SAFE_INTEGER : 1 };
  const run = pick(simd);
  runOnHelpers(memory, split, helperFn, args, (from, to) => run(...args(from, to)));
  return true;
}

/** The wasm GELU kernel (split across tfzoo's helper threads on the threaded build). */
export const geluWasmConfig: tf.KernelConfig = {
  kernelName: GELU_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const x = requireInput(inputs, 'x', GELU_KERNEL);
    checkFloat32(GELU_KERNEL, { x });
    const wasm = asWasmBackend(backend, GELU_KERNEL);
    const y = wasm.makeOutput([...x.shape], 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    if (n === 0) return y;
    // Views (and their byte offsets) after makeOutput, which may have grown the heap.
    const [xs, ys] = [heapFloat32(wasm, x), heapFloat32(wasm, y)];
    if (!runElementwiseSimd(wasm, y, [xs, ys], HELPER_GELU_FORWARD, (simd) => simd.geluForward)) geluInto(xs, ys);
    return y;
  },
};

/** The wasm GELU gradient kernel: dx = dy·GELU'(x). */
export const geluGradWasmConfig: tf.KernelConfig = {
  kernelName: GELU_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const x = requireInput(inputs, 'x', GELU_GRAD_KERNEL);
    const dy = requireInput(inputs, 'dy', GELU_GRAD_KERNEL);
    checkFloat32(GELU_GRAD_KERNEL, { x, dy });
    if (!tf.util.arraysEqual(dy.shape, x.shape)) {
      throw new Error(`${GELU_GRAD_KERNEL}: expected dy of x's shape [${x.shape}], got [${dy.shape}]`);
    }
    const wasm = asWasmBackend(backend, GELU_GRAD_KERNEL);
    const dx = wasm.makeOutput([...x.shape], 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    if (n === 0) return dx;
    const [xs, dys, dxs] = [heapFloat32(wasm, x), heapFloat32(wasm, dy), heapFloat32(wasm, dx)];
    if (!runElementwiseSimd(wasm, dx, [xs, dys, dxs], HELPER_GELU_BACKWARD, (simd) => simd.geluBackward)) geluGradInto(xs, dys, dxs);
    return dx;
  },
};
