import * as tf from '@tensorflow/tfjs';
import { simdElementwiseKernel } from './simdElementwiseModule';
import { asWasmBackend, heapFloat32, requireInput } from './wasmBackendAccess';

/**
 * Kernel name of one AdamW update of one weight, as @tfzoo/train's `AdamW` composes it:
 *
 *     g ← g · gradScale
 *     m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *     w ← w · decayFactor − ((m / correction1) / (√(v / correction2) + ε)) · learningRate
 *
 * Inputs `w`, `g`, `m`, `v` (one shape, float32) and `gradScale` (one float32 value: the
 * global-norm clipping factor, so clipped gradients are never materialised); attrs
 * `learningRate`, `beta1`, `beta2`, `epsilon`, `correction1` (1 − β1ᵗ), `correction2`
 * (1 − β2ᵗ) and `decayFactor` (1 − lr·λ, or 1 for a weight that does not decay).
 * Outputs the new w, m and v, in fresh buffers.
 *
 * Composed, the update is about 12 kernels per weight (≈ 620 per step of a small GPT), each a
 * pass over the weight plus tfjs's per-op overhead; the update is memory-bound, so one
 * pass over the heap does it all: tfzoo's WebAssembly SIMD `adamW` (simdReductionCode.ts,
 * the same double arithmetic on f64x2 lanes, bit for bit) where the engine has wasm SIMD,
 * `adamWUpdateInto` in JavaScript otherwise. `AdamW` uses the kernel where the running
 * backend has it registered (wasm) and the composed ops elsewhere.
 */
export const ADAMW_KERNEL = 'TfzooAdamW';

/** The attrs of {@link ADAMW_KERNEL}. */
export interface AdamWKernelAttrs {
  /** Step size of this update. */
  learningRate: number;
  /** Decay of the first moment. */
  beta1: number;
  /** Decay of the second moment. */
  beta2: number;
  /** Added to √v̂ before dividing. */
  epsilon: number;
  /** Bias correction of the first moment, 1 − β1ᵗ. */
  correction1: number;
  /** Bias correction of the second moment, 1 − β2ᵗ. */
  correction2: number;
  /** What the weight is multiplied by before the step: 1 − lr·λ, or 1 for no decay. */
  decayFactor: number;
}

const ATTR_NAMES: readonly (keyof AdamWKernelAttrs)[] = ['learningRate', 'beta1', 'beta2', 'epsilon', 'correction1', 'correction2', 'decayFactor'];

/** Outputs of {@link adamWUpdateInto}. */
export interface AdamWOutputs {
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/**
 * The update, element by element, as PyTorch's AdamW orders it: the moments are stored as
 * float32 (the stores round), everything else runs in double with one divide and one root
 * per element: w ← w·decay − (lr/c1)·m / (√(v/c2) + ε). Against the composed float32 ops
 * (which round after each of their ~12 steps) results differ by an ulp or two, well inside
 * the 1e-5 the tests allow; the loop is ~25 % faster than one that rounds every step
 * (measured: rounding with `Math.fround` after each operation cost 29 ns per element).
 */
export function adamWUpdateInto(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  gradScale: number,
  attrs: AdamWKernelAttrs,
  out: AdamWOutputs,
): void {
  const scale = gradScale;
  const b1 = attrs.beta1;
  const ob1 = 1 - attrs.beta1;
  const b2 = attrs.beta2;
  const ob2 = 1 - attrs.beta2;
  const stepSize = attrs.learningRate / attrs.correction1;
  const invC2 = 1 / attrs.correction2;
  const eps = attrs.epsilon;
  const decay = attrs.decayFactor;
  const wOut = out.w;
  const mOut = out.m;
  const vOut = out.v;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i] * scale;
    const mi = m[i] * b1 + gi * ob1;
    const vi = v[i] * b2 + gi * gi * ob2;
    mOut[i] = mi; // the stores round to float32
    vOut[i] = vi;
    wOut[i] = w[i] * decay - (stepSize * mOut[i]) / (Math.sqrt(vOut[i] * invC2) + eps);
  }
}

function attrsOf(attrs: tf.NamedAttrMap | undefined): AdamWKernelAttrs {
  const out = {} as AdamWKernelAttrs;
  for (const name of ATTR_NAMES) {
    const value = attrs?.[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${ADAMW_KERNEL}: expected a finite number attr '${name}', got ${JSON.stringify(value)}`);
    }
    out[name] = value;
  }
  return out;
}

/** The wasm AdamW kernel: outputs [w, m, v]. */
export const adamWWasmConfig: tf.KernelConfig = {
  kernelName: ADAMW_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const named = Object.fromEntries((['w', 'g', 'm', 'v', 'gradScale'] as const).map((n) => [n, requireInput(inputs, n, ADAMW_KERNEL)]));
    for (const [name, info] of Object.entries(named)) {
      if (info.dtype !== 'float32') throw new Error(`${ADAMW_KERNEL}: expected ${name} to be float32, got ${info.dtype}`);
    }
    const { w, g, m, v, gradScale } = named;
    for (const name of ['g', 'm', 'v'] as const) {
      if (!tf.util.arraysEqual(named[name].shape, w.shape)) {
        throw new Error(`${ADAMW_KERNEL}: expected ${name} of w's shape [${w.shape}], got [${named[name].shape}]`);
      }
    }
    if (tf.util.sizeFromShape(gradScale.shape) !== 1) {
      throw new Error(`${ADAMW_KERNEL}: expected gradScale to hold one value, got shape [${gradScale.shape}]`);
    }
    const hyper = attrsOf(attrs);
    const wasm = asWasmBackend(backend, ADAMW_KERNEL);
    const shape = [...w.shape];
    const wOut = wasm.makeOutput(shape, 'float32');
    const mOut = wasm.makeOutput(shape, 'float32');
    const vOut = wasm.makeOutput(shape, 'float32');
    const n = tf.util.sizeFromShape(shape);
    if (n === 0) return [wOut, mOut, vOut];
    const simd = simdElementwiseKernel(wasm, wOut);
    // Views after makeOutput, which may have grown the heap.
    const ins = [w, g, m, v].map((t) => heapFloat32(wasm, t));
    const outs = { w: heapFloat32(wasm, wOut), m: heapFloat32(wasm, mOut), v: heapFloat32(wasm, vOut) };
    const scale = heapFloat32(wasm, gradScale)[0];
    if (simd != null) {
      const h = hyper;
      simd.adamW(
        ins[0].byteOffset, ins[1].byteOffset, ins[2].byteOffset, ins[3].byteOffset, outs.w.byteOffset, outs.m.byteOffset, outs.v.byteOffset, n,
        scale, h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, h.learningRate / h.correction1, 1 / h.correction2, h.epsilon, h.decayFactor,
      );
    } else {
      adamWUpdateInto(ins[0], ins[1], ins[2], ins[3], scale, hyper, outs);
    }
    return [wOut, mOut, vOut];
  },
};
