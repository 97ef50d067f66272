import type * as tf from '@tensorflow/tfjs';
import { geluDerivativeStatements, geluStatements, interleave, NORMAL_CDF_LOCALS, normalCdfLocals, NormalCdfLocals, Statement } from './simdMathCode';
import { adamWFunction, columnSumFunction } from './simdReductionCode';
import { encodeModule, F32, heapMemoryImport, I32, op, V128, ValueType, WasmFunction } from './wasmBinaryWriter';
import { addTo, whileNot } from './wasmStructuredCode';
import { WasmKernelBackend, wasmHeapMemory } from './wasmBackendAccess';
import { instanceOnMemory, webAssembly, WasmMemory } from './webAssemblyApi';

/**
 * The exports of tfzoo's WebAssembly SIMD element-wise module. Every pointer is a byte offset
 * into the imported memory (the wasm backend's heap), every array float32, rows contiguous.
 * Pointers need only 4-byte alignment; outputs must not overlap inputs.
 */
export interface SimdElementwiseExports {
  /** y[i] = GELU(x[i]) = x·Φ(x) for i < n. */
  geluForward(x: number, y: number, n: number): void;
  /** dx[i] = dy[i]·GELU'(x[i]) = dy·(Φ(x) + x·φ(x)) for i < n. */
  geluBackward(x: number, dy: number, dx: number, n: number): void;
  /** Layer norm of `rows` rows of width c: y = γ·(x − mean)/√(var + ε) + β (biased variance). */
  layerNormForward(x: number, gamma: number, beta: number, y: number, rows: number, c: number, epsilon: number): void;
  /**
   * Its gradient: with x̂ = (x − mean)·rstd and g = dy·γ, dx = rstd·(g − mean(g) − x̂·mean(g·x̂))
   * per row; dγ = Σ dy·x̂ and dβ = Σ dy over rows (both overwritten, not accumulated into).
   */
  layerNormBackward(dy: number, x: number, gamma: number, dx: number, dgamma: number, dbeta: number, rows: number, c: number, epsilon: number): void;
  /** out[c] = Σ_r x[r·cols + c] for c < cols, accumulated in double (simdReductionCode.ts). */
  columnSum(x: number, out: number, rows: number, cols: number): void;
  /** One AdamW update of n elements in double, as adamWKernel.ts's `adamWUpdateInto` (simdReductionCode.ts). */
  adamW(
    w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, n: number,
    gradScale: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    stepSize: number, invCorrection2: number, epsilon: number, decayFactor: number,
  ): void;
}

const get = op.localGet;
const set = op.localSet;

/** The address `base + offset` (two i32 locals). */
function at(base: number, offset: number): number[] {
  return [...get(base), ...get(offset)];
}

/** Vectors per iteration of the GELU loops: independent chains that the CPU overlaps. */
const GELU_UNROLL = 4;

/**
 * A unary map over n floats: 4·GELU_UNROLL at a time (their statements interleaved), then 4 at a
 * time, then the n % 4 left one at a time through the same vector code on a splatted lane (so
 * the tail computes exactly what the vector loop would). `compute` reads the input from local
 * `x` and leaves the output in local `out`; the backward pass then multiplies by dy.
 */
function elementwiseFunction(exportName: string, withDy: boolean, compute: (l: NormalCdfLocals) => Statement[]): WasmFunction {
  // Parameters: x, [dy,] out, n; then locals.
  const X = 0, DY = 1, OUT = withDy ? 2 : 1, N = withDy ? 3 : 2;
  const END = N + 1, VECTOR_END = N + 2, BLOCK_END = N + 3; // byte offsets from x
  const I = N + 4; // byte index
  const V = N + 5; // f32x4 locals from here: GELU_UNROLL sets
  const sets = Array.from({ length: GELU_UNROLL }, (_, u) => normalCdfLocals(V + u * NORMAL_CDF_LOCALS));
  const params: ValueType[] = new Array<ValueType>(N + 1).fill(I32);
  const locals: ValueType[] = [I32, I32, I32, I32, ...new Array<ValueType>(GELU_UNROLL * NORMAL_CDF_LOCALS).fill(V128)];
  /** The output value of a vector (on the stack): out, times dy in the backward pass. */
  const result = (l: NormalCdfLocals, offset: number, splat: boolean) => [
    ...(withDy ? [...at(DY, I), ...op.i32Add, ...(splat ? op.v128Load32Splat(offset) : op.v128Load(offset)), ...get(l.out), ...op.f32x4Mul] : get(l.out)),
  ];
  const block = (count: number) => [
    ...sets.slice(0, count).flatMap((l, u) => [...at(X, I), ...op.i32Add, ...op.v128Load(16 * u), ...set(l.x)]),
    ...interleave(sets.slice(0, count).map(compute)),
    ...sets.slice(0, count).flatMap((l, u) => [...at(OUT, I), ...op.i32Add, ...result(l, 16 * u, false), ...op.v128Store(16 * u)]),
    ...addTo(I, op.i32Const(16 * count)),
  ];
  const l = sets[0];
  const scalarStep = [
    ...at(X, I), ...op.i32Add, ...op.v128Load32Splat(), ...set(l.x),
    ...compute(l).flat(),
    ...at(OUT, I), ...op.i32Add, ...result(l, 0, true), ...op.f32x4ExtractLane(0), ...op.f32Store(),
    ...addTo(I, op.i32Const(4)),
  ];
  const body = [
    ...get(N), ...op.i32Const(4), ...op.i32Mul, ...set(END),
    ...get(N), ...op.i32Const(-4), ...op.i32And, ...op.i32Const(4), ...op.i32Mul, ...set(VECTOR_END),
    ...get(N), ...op.i32Const(-4 * GELU_UNROLL), ...op.i32And, ...op.i32Const(4), ...op.i32Mul, ...set(BLOCK_END),
    ...op.i32Const(0), ...set(I),
    ...whileNot([...get(I), ...get(BLOCK_END), ...op.i32GeS], block(GELU_UNROLL)),
    ...whileNot([...get(I), ...get(VECTOR_END), ...op.i32GeS], block(1)),
    ...whileNot([...get(I), ...get(END), ...op.i32GeS], scalarStep),
  ];
  return { exportName, params, locals, body };
}

/** Locals shared by the layer-norm functions, after their parameters (`first` = parameter count). */
function layerNormLocals(first: number) {
  let next = first;
  const take = (count: number) => Array.from({ length: count }, () => next++);
  const [j, rowBytes, vectorBytes, r] = take(4); // i32
  const [mean, rstd, s, s2, e, dyS, g] = take(7); // f32
  const [acc, acc2, vMean, vRstd, xhat, dyV, gV, vA, vB] = take(9); // f32x4
  const types: ValueType[] = [...new Array<ValueType>(4).fill(I32), ...new Array<ValueType>(7).fill(F32), ...new Array<ValueType>(9).fill(V128)];
  return { j, rowBytes, vectorBytes, r, mean, rstd, s, s2, e, dyS, g, acc, acc2, vMean, vRstd, xhat, dyV, gV, vA, vB, types };
}
type LayerNormLocals = ReturnType<typeof layerNormLocals>;

/** One pass over a row's columns: `vector` per 4 columns, then `scalar` per column left; j is the byte index. */
function columns(l: LayerNormLocals, vector: number[], scalar: number[]): number[] {
  return [
    ...op.i32Const(0), ...set(l.j),
    ...whileNot([...get(l.j), ...get(l.vectorBytes), ...op.i32GeS], [...vector, ...addTo(l.j, op.i32Const(16))]),
    ...whileNot([...get(l.j), ...get(l.rowBytes), ...op.i32GeS], [...scalar, ...addTo(l.j, op.i32Const(4))]),
  ];
}

/** The sum of f32x4 local v's lanes, as ((v0 + v1) + (v2 + v3)). */
function horizontalSum(v: number): number[] {
  return [
    ...get(v), ...op.f32x4ExtractLane(0), ...get(v), ...op.f32x4ExtractLane(1), ...op.f32Add,
    ...get(v), ...op.f32x4ExtractLane(2), ...get(v), ...op.f32x4ExtractLane(3), ...op.f32Add,
    ...op.f32Add,
  ];
}

/** v128 load of `base + j`; f32 load of the same. */
const vLoad = (l: LayerNormLocals, base: number) => [...at(base, l.j), ...op.i32Add, ...op.v128Load()];
const sLoad = (l: LayerNormLocals, base: number) => [...at(base, l.j), ...op.i32Add, ...op.f32Load()];

/** Sets up the row geometry from c, and r = rows. */
function rowSetup(l: LayerNormLocals, rows: number, c: number): number[] {
  return [
    ...get(c), ...op.i32Const(4), ...op.i32Mul, ...set(l.rowBytes),
    ...get(c), ...op.i32Const(-4), ...op.i32And, ...op.i32Const(4), ...op.i32Mul, ...set(l.vectorBytes),
    ...get(rows), ...set(l.r),
  ];
}

/**
 * mean and rstd = 1/√(var + ε) of the row at byte offset `x`, two passes (mean, then the mean
 * square of x − mean, which does not cancel the way E[x²] − mean² does); also vMean, vRstd.
 */
function rowStatistics(l: LayerNormLocals, x: number, c: number, epsilon: number): number[] {
  return [
    ...op.v128Const0, ...set(l.acc),
    ...op.f32Const0, ...set(l.s2),
    ...columns(l, [...get(l.acc), ...vLoad(l, x), ...op.f32x4Add, ...set(l.acc)], [...get(l.s2), ...sLoad(l, x), ...op.f32Add, ...set(l.s2)]),
    ...horizontalSum(l.acc), ...get(l.s2), ...op.f32Add,
    ...get(c), ...op.f32ConvertI32S, ...op.f32Div, ...set(l.mean),
    ...get(l.mean), ...op.f32x4Splat, ...set(l.vMean),
    ...op.v128Const0, ...set(l.acc),
    ...op.f32Const0, ...set(l.s2),
    ...columns(
      l,
      [...vLoad(l, x), ...get(l.vMean), ...op.f32x4Sub, ...set(l.vA), ...get(l.acc), ...get(l.vA), ...get(l.vA), ...op.f32x4Mul, ...op.f32x4Add, ...set(l.acc)],
      [...sLoad(l, x), ...get(l.mean), ...op.f32Sub, ...set(l.e), ...get(l.s2), ...get(l.e), ...get(l.e), ...op.f32Mul, ...op.f32Add, ...set(l.s2)],
    ),
    ...horizontalSum(l.acc), ...get(l.s2), ...op.f32Add,
    ...get(c), ...op.f32ConvertI32S, ...op.f32Div, ...get(epsilon), ...op.f32Add, ...op.f32Sqrt,
    ...set(l.e), ...op.f32Const(1), ...get(l.e), ...op.f32Div, ...set(l.rstd),
    ...get(l.rstd), ...op.f32x4Splat, ...set(l.vRstd),
  ];
}

function layerNormForwardFunction(): WasmFunction {
  const [X, GAMMA, BETA, Y, ROWS, C, EPSILON] = [0, 1, 2, 3, 4, 5, 6];
  const l = layerNormLocals(7);
  const row = [
    ...rowStatistics(l, X, C, EPSILON),
    ...columns(
      l,
      [
        ...at(Y, l.j), ...op.i32Add,
        ...vLoad(l, X), ...get(l.vMean), ...op.f32x4Sub, ...get(l.vRstd), ...op.f32x4Mul,
        ...vLoad(l, GAMMA), ...op.f32x4Mul, ...vLoad(l, BETA), ...op.f32x4Add,
        ...op.v128Store(),
      ],
      [
        ...at(Y, l.j), ...op.i32Add,
        ...sLoad(l, X), ...get(l.mean), ...op.f32Sub, ...get(l.rstd), ...op.f32Mul,
        ...sLoad(l, GAMMA), ...op.f32Mul, ...sLoad(l, BETA), ...op.f32Add,
        ...op.f32Store(),
      ],
    ),
    ...addTo(X, get(l.rowBytes)),
    ...addTo(Y, get(l.rowBytes)),
    ...get(l.r), ...op.i32Const(1), ...op.i32Sub, ...set(l.r),
  ];
  const body = [...rowSetup(l, ROWS, C), ...whileNot([...get(l.r), ...op.i32Const(0), ...op.i32LeS], row)];
  return { exportName: 'layerNormForward', params: [I32, I32, I32, I32, I32, I32, F32], locals: l.types, body };
}

function layerNormBackwardFunction(): WasmFunction {
  const [DY, X, GAMMA, DX, DGAMMA, DBETA, ROWS, C, EPSILON] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const l = layerNormLocals(9);
  const zero = columns(
    l,
    [...at(DGAMMA, l.j), ...op.i32Add, ...op.v128Const0, ...op.v128Store(), ...at(DBETA, l.j), ...op.i32Add, ...op.v128Const0, ...op.v128Store()],
    [...at(DGAMMA, l.j), ...op.i32Add, ...op.f32Const0, ...op.f32Store(), ...at(DBETA, l.j), ...op.i32Add, ...op.f32Const0, ...op.f32Store()],
  );
  // Pass 3: x̂, g = dy·γ; Σg, Σg·x̂; dγ += dy·x̂, dβ += dy.
  const sums = columns(
    l,
    [
      ...vLoad(l, X), ...get(l.vMean), ...op.f32x4Sub, ...get(l.vRstd), ...op.f32x4Mul, ...set(l.xhat),
      ...vLoad(l, DY), ...set(l.dyV),
      ...get(l.dyV), ...vLoad(l, GAMMA), ...op.f32x4Mul, ...set(l.gV),
      ...get(l.acc), ...get(l.gV), ...op.f32x4Add, ...set(l.acc),
      ...get(l.acc2), ...get(l.gV), ...get(l.xhat), ...op.f32x4Mul, ...op.f32x4Add, ...set(l.acc2),
      ...at(DGAMMA, l.j), ...op.i32Add, ...vLoad(l, DGAMMA), ...get(l.dyV), ...get(l.xhat), ...op.f32x4Mul, ...op.f32x4Add, ...op.v128Store(),
      ...at(DBETA, l.j), ...op.i32Add, ...vLoad(l, DBETA), ...get(l.dyV), ...op.f32x4Add, ...op.v128Store(),
    ],
    [
      ...sLoad(l, X), ...get(l.mean), ...op.f32Sub, ...get(l.rstd), ...op.f32Mul, ...set(l.e),
      ...sLoad(l, DY), ...set(l.dyS),
      ...get(l.dyS), ...sLoad(l, GAMMA), ...op.f32Mul, ...set(l.g),
      ...get(l.s), ...get(l.g), ...op.f32Add, ...set(l.s),
      ...get(l.s2), ...get(l.g), ...get(l.e), ...op.f32Mul, ...op.f32Add, ...set(l.s2),
      ...at(DGAMMA, l.j), ...op.i32Add, ...sLoad(l, DGAMMA), ...get(l.dyS), ...get(l.e), ...op.f32Mul, ...op.f32Add, ...op.f32Store(),
      ...at(DBETA, l.j), ...op.i32Add, ...sLoad(l, DBETA), ...get(l.dyS), ...op.f32Add, ...op.f32Store(),
    ],
  );
  // Pass 4: dx = rstd·(dy·γ − mean(g) − x̂·mean(g·x̂)); vA, s hold mean(g); vB, s2 mean(g·x̂).
  const dx = columns(
    l,
    [
      ...at(DX, l.j), ...op.i32Add,
      ...vLoad(l, DY), ...vLoad(l, GAMMA), ...op.f32x4Mul, ...get(l.vA), ...op.f32x4Sub,
      ...vLoad(l, X), ...get(l.vMean), ...op.f32x4Sub, ...get(l.vRstd), ...op.f32x4Mul, ...get(l.vB), ...op.f32x4Mul, ...op.f32x4Sub,
      ...get(l.vRstd), ...op.f32x4Mul,
      ...op.v128Store(),
    ],
    [
      ...at(DX, l.j), ...op.i32Add,
      ...sLoad(l, DY), ...sLoad(l, GAMMA), ...op.f32Mul, ...get(l.s), ...op.f32Sub,
      ...sLoad(l, X), ...get(l.mean), ...op.f32Sub, ...get(l.rstd), ...op.f32Mul, ...get(l.s2), ...op.f32Mul, ...op.f32Sub,
      ...get(l.rstd), ...op.f32Mul,
      ...op.f32Store(),
    ],
  );
  const cFloat = [...get(C), ...op.f32ConvertI32S];
  const row = [
    ...rowStatistics(l, X, C, EPSILON),
    ...op.v128Const0, ...set(l.acc), ...op.v128Const0, ...set(l.acc2), ...op.f32Const0, ...set(l.s), ...op.f32Const0, ...set(l.s2),
    ...sums,
    ...horizontalSum(l.acc), ...get(l.s), ...op.f32Add, ...cFloat, ...op.f32Div, ...set(l.s),
    ...horizontalSum(l.acc2), ...get(l.s2), ...op.f32Add, ...cFloat, ...op.f32Div, ...set(l.s2),
    ...get(l.s), ...op.f32x4Splat, ...set(l.vA),
    ...get(l.s2), ...op.f32x4Splat, ...set(l.vB),
    ...dx,
    ...addTo(X, get(l.rowBytes)),
    ...addTo(DY, get(l.rowBytes)),
    ...addTo(DX, get(l.rowBytes)),
    ...get(l.r), ...op.i32Const(1), ...op.i32Sub, ...set(l.r),
  ];
  const body = [
    ...rowSetup(l, ROWS, C),
    ...zero,
    ...whileNot([...get(l.r), ...op.i32Const(0), ...op.i32LeS], row),
  ];
  return { exportName: 'layerNormBackward', params: [...new Array<ValueType>(8).fill(I32), F32], locals: l.types, body };
}

/**
 * The module's binary for a memory that is `shared` (a threaded wasm build's heap) or not
 * (`heapMemoryImport`).
 */
export function simdElementwiseBinary(shared: boolean): Uint8Array {
  const memory = heapMemoryImport(shared);
  return encodeModule(memory, [
    elementwiseFunction('geluForward', false, geluStatements),
    elementwiseFunction('geluBackward', true, geluDerivativeStatements),
    layerNormForwardFunction(),
    layerNormBackwardFunction(),
    columnSumFunction(),
    adamWFunction(),
  ]);
}

const supported = new Map<boolean, boolean>();

/** Whether this engine runs the module (wasm SIMD; for `shared`, also threads). */
export function simdElementwiseSupported(shared = false): boolean {
  let answer = supported.get(shared);
  if (answer === undefined) {
    answer = webAssembly !== undefined && webAssembly.validate(simdElementwiseBinary(shared));
    supported.set(shared, answer);
  }
  return answer;
}

const instances = new WeakMap<WasmMemory, SimdElementwiseExports | null>();

/**
 * The module instantiated on `memory`, or null where this engine lacks wasm SIMD (or, for
 * a shared memory, threads). One instance per memory; growing the memory keeps it valid.
 */
export function simdElementwiseFor(memory: WasmMemory): SimdElementwiseExports | null {
  return instanceOnMemory(memory, simdElementwiseBinary, instances);
}

/** The SIMD module on this backend's heap; null where there is none (no SIMD, unknown backend layout). */
export function simdElementwiseKernel(backend: WasmKernelBackend, probe: tf.TensorInfo): SimdElementwiseExports | null {
  const memory = wasmHeapMemory(backend, probe);
  return memory == null ? null : simdElementwiseFor(memory);
}
