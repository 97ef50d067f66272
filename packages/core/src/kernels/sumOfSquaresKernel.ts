import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, heapFloat32 } from './wasmBackendAccess';

/**
 * Kernel name of Σ x² over every element of N float32 tensors (inputs keyed `'0'` … `'N-1'`,
 * as tfjs's AddN takes its list), accumulated in double precision; with attr `sqrt: true` it
 * returns √Σ x², the global L2 norm. Output: a float32 scalar.
 *
 * Composed, the global norm of a model's gradients is a Square and a Sum per tensor, an AddN
 * and a Sqrt (≈ 160 kernels per step of a small GPT); this is one pass and one kernel.
 * @tfzoo/train's `globalNorm` uses it where the running backend has it registered (wasm).
 */
export const SUM_OF_SQUARES_KERNEL = 'TfzooSumOfSquares';

/** Σ x² over all arrays, in double precision. */
export function sumOfSquares(arrays: readonly Float32Array[]): number {
  let total = 0;
  for (const xs of arrays) {
    // Four partial sums: independent additions pipeline, and the order error stays small.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const n = xs.length;
    const n4 = n - (n % 4);
    let i = 0;
    for (; i < n4; i += 4) {
      const a = xs[i];
      const b = xs[i + 1];
      const c = xs[i + 2];
      const d = xs[i + 3];
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; i < n; i++) s0 += xs[i] * xs[i];
    total += s0 + s1 + s2 + s3;
  }
  return total;
}

/** The wasm sum-of-squares kernel. */
export const sumOfSquaresWasmConfig: tf.KernelConfig = {
  kernelName: SUM_OF_SQUARES_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const root = attrs?.sqrt ?? false;
    if (typeof root !== 'boolean') throw new Error(`${SUM_OF_SQUARES_KERNEL}: expected attr 'sqrt' to be a boolean, got ${JSON.stringify(root)}`);
    const infos = Object.keys(inputs).map((key) => {
      const info = inputs[key]!;
      if (info.dtype !== 'float32') throw new Error(`${SUM_OF_SQUARES_KERNEL}: expected input ${key} to be float32, got ${info.dtype}`);
      return info;
    });
    const wasm = asWasmBackend(backend, SUM_OF_SQUARES_KERNEL);
    const out = wasm.makeOutput([], 'float32');
    // Views after makeOutput, which may have grown the heap.
    const total = sumOfSquares(infos.map((info) => heapFloat32(wasm, info)));
    heapFloat32(wasm, out)[0] = root ? Math.sqrt(total) : total;
    return out;
  },
};
