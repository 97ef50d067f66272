import * as tf from '@tensorflow/tfjs';
import { simdElementwiseKernel } from './simdElementwiseModule';
import { asWasmBackend, heapFloat32, requireInput } from './wasmBackendAccess';

/**
 * Kernel names of layer normalisation over the last axis, y = γ·(x − mean)/√(var + ε) + β
 * (inputs `x` (…, d), `gamma` (d), `beta` (d); attr `epsilon`), and of its gradient (inputs
 * `dy`, `x`, `gamma`; attr `epsilon`; outputs dx, dγ, dβ).
 *
 * Composed from broadcasting ops, a layer norm is 9 kernels forward and about 20 backward,
 * each a pass over the activations plus tfjs's per-op overhead; a small GPT runs 9 norms
 * per step. These kernels make it one pass each way, in tfzoo's WebAssembly SIMD code in place
 * on the heap (simdElementwiseModule.ts; statistics in float32), or in the JS loops below
 * (statistics in float64) where that cannot run. @tfzoo/layers' `LayerNorm` uses them
 * where the running backend has them registered (wasm) and the composed formula elsewhere.
 */
export const LAYER_NORM_KERNEL = 'TfzooLayerNorm';
/** See {@link LAYER_NORM_KERNEL}. */
export const LAYER_NORM_GRAD_KERNEL = 'TfzooLayerNormGrad';

/** Mean and 1/√(var + ε) of each row of `x` (rows × d), in double precision. */
function rowStatistics(x: Float32Array, rows: number, d: number, epsilon: number): { mean: Float64Array; rstd: Float64Array } {
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[o + j];
    const m = s / d;
    let v = 0;
    for (let j = 0; j < d; j++) {
      const c = x[o + j] - m;
      v += c * c;
    }
    mean[r] = m;
    rstd[r] = 1 / Math.sqrt(v / d + epsilon);
  }
  return { mean, rstd };
}

/** y = γ·(x − mean)·rstd + β, row by row. */
export function layerNormInto(x: Float32Array, gamma: Float32Array, beta: Float32Array, epsilon: number, y: Float32Array): void {
  const d = gamma.length;
  const rows = d === 0 ? 0 : x.length / d;
  const { mean, rstd } = rowStatistics(x, rows, d, epsilon);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const m = mean[r];
    const s = rstd[r];
    for (let j = 0; j < d; j++) y[o + j] = (x[o + j] - m) * s * gamma[j] + beta[j];
  }
}

/**
 * The gradient of `layerNormInto`: with x̂ = (x − mean)·rstd and g = dy·γ,
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) per row, dγ = Σ dy·x̂ and dβ = Σ dy over rows.
 */
export function layerNormGradInto(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  epsilon: number,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
): void {
  const d = gamma.length;
  const rows = d === 0 ? 0 : x.length / d;
  const { mean, rstd } = rowStatistics(x, rows, d, epsilon);
  const sumGamma = new Float64Array(d);
  const sumBeta = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const m = mean[r];
    const s = rstd[r];
    let meanG = 0;
    let meanGX = 0;
    for (let j = 0; j < d; j++) {
      const xhat = (x[o + j] - m) * s;
      const g = dy[o + j] * gamma[j];
      meanG += g;
      meanGX += g * xhat;
      sumGamma[j] += dy[o + j] * xhat;
      sumBeta[j] += dy[o + j];
    }
    meanG /= d;
    meanGX /= d;
    for (let j = 0; j < d; j++) {
      const xhat = (x[o + j] - m) * s;
      dx[o + j] = s * (dy[o + j] * gamma[j] - meanG - xhat * meanGX);
    }
  }
  dgamma.set(sumGamma);
  dbeta.set(sumBeta);
}

/** Checks the inputs of both kernels; returns the feature size d. */
function checkInputs(kernelName: string, x: tf.TensorInfo, others: Record<string, tf.TensorInfo>): number {
  for (const [name, info] of Object.entries({ x, ...others })) {
    if (info.dtype !== 'float32') throw new Error(`${kernelName}: expected ${name} to be float32, got ${info.dtype}`);
  }
  const d = x.shape[x.shape.length - 1];
  if (x.shape.length < 1) throw new Error(`${kernelName}: expected x of rank >= 1, got a scalar`);
  for (const name of ['gamma', 'beta']) {
    const info = others[name];
    if (info !== undefined && (info.shape.length !== 1 || info.shape[0] !== d)) {
      throw new Error(`${kernelName}: expected ${name} of shape [${d}] (x's last axis), got [${info.shape}]`);
    }
  }
  if (others.dy !== undefined && !tf.util.arraysEqual(others.dy.shape, x.shape)) {
    throw new Error(`${kernelName}: expected dy of x's shape [${x.shape}], got [${others.dy.shape}]`);
  }
  return d;
}

function epsilonOf(attrs: tf.NamedAttrMap | undefined, kernelName: string): number {
  const epsilon = attrs?.epsilon;
  if (typeof epsilon !== 'number' || !(epsilon > 0)) throw new Error(`${kernelName}: expected a positive epsilon attr, got ${JSON.stringify(epsilon)}`);
  return epsilon;
}

/** The wasm layer-norm kernel. */
export const layerNormWasmConfig: tf.KernelConfig = {
  kernelName: LAYER_NORM_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = requireInput(inputs, 'x', LAYER_NORM_KERNEL);
    const gamma = requireInput(inputs, 'gamma', LAYER_NORM_KERNEL);
    const beta = requireInput(inputs, 'beta', LAYER_NORM_KERNEL);
    checkInputs(LAYER_NORM_KERNEL, x, { gamma, beta });
    const epsilon = epsilonOf(attrs, LAYER_NORM_KERNEL);
    const wasm = asWasmBackend(backend, LAYER_NORM_KERNEL);
    const d = gamma.shape[0];
    const y = wasm.makeOutput([...x.shape], 'float32');
    const rows = d === 0 ? 0 : tf.util.sizeFromShape(x.shape) / d;
    if (rows === 0) return y;
    const simd = simdElementwiseKernel(wasm, y);
    // Views (and their byte offsets) after makeOutput, which may have grown the heap.
    const [xs, gs, bs, ys] = [heapFloat32(wasm, x), heapFloat32(wasm, gamma), heapFloat32(wasm, beta), heapFloat32(wasm, y)];
    if (simd != null) simd.layerNormForward(xs.byteOffset, gs.byteOffset, bs.byteOffset, ys.byteOffset, rows, d, epsilon);
    else layerNormInto(xs, gs, bs, epsilon, ys);
    return y;
  },
};

/** The wasm layer-norm gradient kernel: outputs [dx, dgamma, dbeta]. */
export const layerNormGradWasmConfig: tf.KernelConfig = {
  kernelName: LAYER_NORM_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const dy = requireInput(inputs, 'dy', LAYER_NORM_GRAD_KERNEL);
    const x = requireInput(inputs, 'x', LAYER_NORM_GRAD_KERNEL);
    const gamma = requireInput(inputs, 'gamma', LAYER_NORM_GRAD_KERNEL);
    const d = checkInputs(LAYER_NORM_GRAD_KERNEL, x, { dy, gamma });
    const epsilon = epsilonOf(attrs, LAYER_NORM_GRAD_KERNEL);
    const wasm = asWasmBackend(backend, LAYER_NORM_GRAD_KERNEL);
    const dx = wasm.makeOutput([...x.shape], 'float32');
    const dgamma = wasm.makeOutput([d], 'float32');
    const dbeta = wasm.makeOutput([d], 'float32');
    const rows = d === 0 ? 0 : tf.util.sizeFromShape(x.shape) / d;
    const simd = simdElementwiseKernel(wasm, dx);
    const [dys, xs, gs] = [heapFloat32(wasm, dy), heapFloat32(wasm, x), heapFloat32(wasm, gamma)];
    const [dxs, dgs, dbs] = [heapFloat32(wasm, dx), heapFloat32(wasm, dgamma), heapFloat32(wasm, dbeta)];
    if (simd != null && d > 0) {
      simd.layerNormBackward(dys.byteOffset, xs.byteOffset, gs.byteOffset, dxs.byteOffset, dgs.byteOffset, dbs.byteOffset, rows, d, epsilon);
    } else {
      layerNormGradInto(dys, xs, gs, epsilon, dxs, dgs, dbs);
    }
    return [dx, dgamma, dbeta];
  },
};
