import { instanceOnMemory, WasmMemory } from './webAssemblyApi';
import { encodeModule, F32, heapMemoryImport, I32, op, V128, ValueType, WasmFunction } from './wasmBinaryWriter';
import { addTo, unless, whileNot } from './wasmStructuredCode';

/**
 * The exports of tfzoo's WebAssembly SIMD matmul module. Every pointer is a byte offset
 * into the imported memory (the wasm backend's heap), every matrix float32 and row-major.
 */
export interface SimdMatMulExports {
  /**
   * c(m, n) = A(m, k) · b(k, n) [+ bias(n) on every row] for k ≥ 1, where A[i][p] is the float at
   * `a + i·aRowStride + p·aColStride` (byte strides, so A may be a transposed view)
   * and b's and c's rows are contiguous. `bias` is a pointer, or 0 for none.
   */
  matMul(a: number, b: number, c: number, m: number, k: number, n: number, aRowStride: number, aColStride: number, bias: number): void;
  /**
   * `count` products c_o = A_o · B_o, matrix o at `a + o·aStride`, `b + o·bStride`, `c + o·cStride`
   * (byte strides; 0 repeats one matrix), as `matMul` without bias. With `scratch` ≠ 0 each b
   * matrix is stored transposed, (n, k), and is first transposed into `scratch` (k·n floats).
   */
  matMulBatch(
    a: number, b: number, c: number, count: number, aStride: number, bStride: number, cStride: number,
    m: number, k: number, n: number, aRowStride: number, aColStride: number, scratch: number,
  ): void;
  /** dst(cols, rows) = src(rows, cols)ᵀ. */
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

/**
 * Depth of one pass over b: a k-block of KC rows of b (KC·n floats, 512 KiB for n = 512) stays in
 * a core's L2 while every row block of c sweeps it, and one micro-kernel's KC × 8 column strip
 * (KC cache lines) stays in L1 for the neighbouring strip, which reads the other half of the
 * lines. Without blocking, the weight gradients' b (768 tokens × 512) streamed from L3 once per
 * four rows of c.
 */
export const SIMD_MATMUL_KC = 256;

// Function indices, in the order `simdMatMulBinary` lists them (`call` uses them).
const TILE_ZERO = 0, TILE_ACCUMULATE = 1, MATMUL = 2, TRANSPOSE = 3;

// The tile functions' locals: their 8 parameters, then scratch.
const A = 0, B = 1, C = 2, M = 3, K = 4, N = 5, ARS = 6, ACS = 7;
const I = 8, J = 9, P = 10, A0 = 11, BP = 15, CP = 16, NB = 17, CI = 18, AI = 19;
const ACC = 20; // 8 v128 accumulators: ACC + r·V + v
const BV = 28; // 2 v128 rows of b
const AV = 30; // a splatted
const S = 31; // f32 sum of the scalar tail
const TILE_LOCALS: ValueType[] = [
  ...new Array<ValueType>(AI - I + 1).fill(I32),
  ...new Array<ValueType>(AV - ACC + 1).fill(V128),
  F32,
];

const get = op.localGet;
const set = op.localSet;

/** An i32 condition: `local + add > limit`. */
function exceeds(local: number, add: number, limit: number): number[] {
  return [...get(local), ...op.i32Const(add), ...op.i32Add, ...get(limit), ...op.i32GtS];
}

/** `base + index·scale` (i32), from locals. */
function offset(base: number, index: number, scale: number): number[] {
  return [...get(base), ...get(index), ...get(scale), ...op.i32Mul, ...op.i32Add];
}

/**
 * The register-blocked micro-kernel: an R×(4V) tile of c at rows [i, i+R), columns [j, j+4V),
 * held in R·V f32x4 accumulators over the whole k loop (4×8 uses 11 of x64's 16 vector registers).
 * Each step loads V vectors of b's row p and splats a[i+r][p] once per row. The accumulators
 * start at zero, or at c's values when `accumulate` (the later k-blocks, and a bias row).
 */
function microKernel(rows: number, vectors: number, accumulate: boolean): number[] {
  const acc = (r: number, v: number) => ACC + r * vectors + v;
  const code: number[] = [];
  const tileStart = [...get(CI), ...get(J), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...set(CP)];
  if (accumulate) {
    code.push(...tileStart);
    for (let r = 0; r < rows; r++) {
      if (r > 0) code.push(...addTo(CP, get(NB)));
      for (let v = 0; v < vectors; v++) code.push(...get(CP), ...op.v128Load(16 * v), ...set(acc(r, v)));
    }
  } else {
    for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.push(...op.v128Const0, ...set(acc(r, v)));
  }
  // Row pointers into a: a0 = a + i·ars, a_r = a_{r-1} + ars.
  code.push(...get(AI), ...set(A0));
  for (let r = 1; r < rows; r++) code.push(...get(A0 + r - 1), ...get(ARS), ...op.i32Add, ...set(A0 + r));
  // bp = b + 4j; p = k (k ≥ 1, so the loop body runs at least once).
  code.push(...get(B), ...get(J), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...set(BP));
  code.push(...get(K), ...set(P));
  const step: number[] = [];
  for (let v = 0; v < vectors; v++) step.push(...get(BP), ...op.v128Load(16 * v), ...set(BV + v));
  for (let r = 0; r < rows; r++) {
    step.push(...get(A0 + r), ...op.v128Load32Splat(), ...set(AV));
    for (let v = 0; v < vectors; v++) {
      step.push(...get(acc(r, v)), ...get(AV), ...get(BV + v), ...op.f32x4Mul, ...op.f32x4Add, ...set(acc(r, v)));
    }
    step.push(...addTo(A0 + r, get(ACS)));
  }
  step.push(...addTo(BP, get(NB)));
  step.push(...get(P), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(P), ...op.brIf(0));
  code.push(...op.loop, ...step, ...op.end);
  // Store: cp = ci + 4j, then one row of c (nb bytes) further per r.
  code.push(...tileStart);
  for (let r = 0; r < rows; r++) {
    if (r > 0) code.push(...addTo(CP, get(NB)));
    for (let v = 0; v < vectors; v++) code.push(...get(CP), ...get(acc(r, v)), ...op.v128Store(16 * v));
  }
  return code;
}

/** Rows [i, i + rows) of c over the SIMD columns (multiples of 4); advances i by `rows`. */
function rowBlock(rows: number, accumulate: boolean): number[] {
  return [
    ...offset(C, I, NB), ...set(CI),
    ...offset(A, I, ARS), ...set(AI),
    ...op.i32Const(0), ...set(J),
    ...whileNot(exceeds(J, 8, N), [...microKernel(rows, 2, accumulate), ...addTo(J, op.i32Const(8))]),
    ...unless(exceeds(J, 4, N), microKernel(rows, 1, accumulate)),
    ...addTo(I, op.i32Const(rows)),
  ];
}

/** Columns [n - n % 4, n) of every row, one scalar dot product each. */
function scalarTail(accumulate: boolean): number[] {
  const cAddress = [...offset(C, I, NB), ...get(J), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add];
  const dot = [
    ...(accumulate ? [...cAddress, ...op.f32Load()] : op.f32Const0), ...set(S),
    ...offset(A, I, ARS), ...set(A0),
    ...get(B), ...get(J), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...set(BP),
    ...get(K), ...set(P),
    ...op.loop,
    ...get(S), ...get(A0), ...op.f32Load(), ...get(BP), ...op.f32Load(), ...op.f32Mul, ...op.f32Add, ...set(S),
    ...addTo(A0, get(ACS)),
    ...addTo(BP, get(NB)),
    ...get(P), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(P), ...op.brIf(0),
    ...op.end,
    ...cAddress, ...get(S), ...op.f32Store(),
  ];
  const firstTailColumn = [...get(N), ...op.i32Const(-4), ...op.i32And];
  return [
    ...op.i32Const(0), ...set(I),
    ...whileNot([...get(I), ...get(M), ...op.i32GeS], [
      ...firstTailColumn, ...set(J),
      ...whileNot([...get(J), ...get(N), ...op.i32GeS], [...dot, ...addTo(J, op.i32Const(1))]),
      ...addTo(I, op.i32Const(1)),
    ]),
  ];
}

/** One k-block: c = A·b (or c += A·b when `accumulate`), the tile loops of `matMul`. */
function tileFunction(accumulate: boolean): WasmFunction {
  const body = [
    ...get(N), ...op.i32Const(4), ...op.i32Mul, ...set(NB),
    ...op.i32Const(0), ...set(I),
    ...whileNot(exceeds(I, 4, M), rowBlock(4, accumulate)),
    ...whileNot([...get(I), ...get(M), ...op.i32GeS], rowBlock(1, accumulate)),
    ...scalarTail(accumulate),
  ];
  return { exportName: accumulate ? 'tileAccumulate' : 'tileZero', params: new Array<ValueType>(8).fill(I32), locals: TILE_LOCALS, body };
}

/** c = A·b [+ bias]: the bias rows first, then k-blocks of `kc` rows of b, each added into c. */
function matMulFunction(kc: number): WasmFunction {
  const BIAS = 8, P0 = 9, KB = 10, R = 11, DST = 12, X = 13;
  const tileArgs = (accumulate: boolean) => [
    ...get(A), ...get(P0), ...get(ACS), ...op.i32Mul, ...op.i32Add,
    ...get(B), ...get(P0), ...get(N), ...op.i32Mul, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add,
    ...get(C), ...get(M), ...get(KB), ...get(N), ...get(ARS), ...get(ACS),
    ...op.call(accumulate ? TILE_ACCUMULATE : TILE_ZERO),
  ];
  // Each row of c = bias: 4 floats at a time, then the rest one by one.
  const copyBiasRow = [
    ...op.i32Const(0), ...set(X),
    ...whileNot(exceeds(X, 4, N), [
      ...get(DST), ...get(X), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add,
      ...get(BIAS), ...get(X), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...op.v128Load(),
      ...op.v128Store(),
      ...addTo(X, op.i32Const(4)),
    ]),
    ...whileNot([...get(X), ...get(N), ...op.i32GeS], [
      ...get(DST), ...get(X), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add,
      ...get(BIAS), ...get(X), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...op.f32Load(),
      ...op.f32Store(),
      ...addTo(X, op.i32Const(1)),
    ]),
  ];
  const body = [
    ...get(BIAS), ...op.if,
    ...get(C), ...set(DST),
    ...op.i32Const(0), ...set(R),
    ...whileNot([...get(R), ...get(M), ...op.i32GeS], [
      ...copyBiasRow,
      ...addTo(DST, [...get(N), ...op.i32Const(4), ...op.i32Mul]),
      ...addTo(R, op.i32Const(1)),
    ]),
    ...op.end,
    ...op.i32Const(0), ...set(P0),
    ...op.loop,
    // kb = min(k - p0, kc)
    ...op.i32Const(kc), ...get(K), ...get(P0), ...op.i32Sub, ...op.localTee(KB),
    ...op.i32Const(kc), ...get(KB), ...op.i32LtS, ...op.select, ...set(KB),
    // The first block overwrites c unless c already holds the bias.
    ...get(P0), ...get(BIAS), ...op.i32Or, ...op.i32Eqz, ...op.if, ...tileArgs(false), ...op.else, ...tileArgs(true), ...op.end,
    ...addTo(P0, get(KB)),
    ...get(P0), ...get(K), ...op.i32LtS, ...op.brIf(0),
    ...op.end,
  ];
  return { exportName: 'matMul', params: new Array<ValueType>(9).fill(I32), locals: new Array<ValueType>(5).fill(I32), body };
}

function transposeFunction(): WasmFunction {
  const [src, dst, rows, cols, r, c, sp, dp] = [0, 1, 2, 3, 4, 5, 6, 7];
  const body = [
    ...get(src), ...set(sp), // src is read in order
    ...op.i32Const(0), ...set(r),
    ...whileNot([...get(r), ...get(rows), ...op.i32GeS], [
      ...get(dst), ...get(r), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...set(dp),
      ...op.i32Const(0), ...set(c),
      ...whileNot([...get(c), ...get(cols), ...op.i32GeS], [
        ...get(dp), ...get(sp), ...op.f32Load(), ...op.f32Store(),
        ...addTo(sp, op.i32Const(4)),
        ...addTo(dp, [...get(rows), ...op.i32Const(4), ...op.i32Mul]),
        ...addTo(c, op.i32Const(1)),
      ]),
      ...addTo(r, op.i32Const(1)),
    ]),
  ];
  return { exportName: 'transpose', params: [I32, I32, I32, I32], locals: [I32, I32, I32, I32], body };
}

function matMulBatchFunction(): WasmFunction {
  const [a, b, c, count, aStride, bStride, cStride, m, k, n, ars, acs, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [o, bm] = [13, 14];
  const body = [
    ...op.i32Const(0), ...set(o),
    ...whileNot([...get(o), ...get(count), ...op.i32GeS], [
      ...offset(b, o, bStride), ...set(bm),
      ...get(scratch), ...op.if,
      // A broadcast b (stride 0) is transposed once.
      ...get(o), ...op.i32Eqz, ...get(bStride), ...op.i32Or, ...op.if,
      ...get(bm), ...get(scratch), ...get(n), ...get(k), ...op.call(TRANSPOSE),
      ...op.end,
      ...get(scratch), ...set(bm),
      ...op.end,
      ...offset(a, o, aStride), ...get(bm), ...offset(c, o, cStride),
      ...get(m), ...get(k), ...get(n), ...get(ars), ...get(acs), ...op.i32Const(0), ...op.call(MATMUL),
      ...addTo(o, op.i32Const(1)),
    ]),
  ];
  return { exportName: 'matMulBatch', params: new Array<ValueType>(13).fill(I32), locals: [I32, I32], body };
}

/**
 * The module's binary for a memory that is `shared` (a threaded wasm build's heap) or not
 * (`heapMemoryImport`).
 * `kc` is the k-block depth (tests pass small ones to exercise the blocking).
 */
export function simdMatMulBinary(shared: boolean, kc = SIMD_MATMUL_KC): Uint8Array {
  const memory = heapMemoryImport(shared);
  // The order fixes the indices TILE_ZERO … TRANSPOSE that `call` uses.
  return encodeModule(memory, [tileFunction(false), tileFunction(true), matMulFunction(kc), transposeFunction(), matMulBatchFunction()]);
}

const instances = new WeakMap<WasmMemory, SimdMatMulExports | null>();

/**
 * The module instantiated on `memory`, or null where this engine lacks wasm SIMD (or, for
 * a shared memory, threads). One instance per memory; growing the memory keeps it valid.
 */
export function simdMatMulFor(memory: WasmMemory): SimdMatMulExports | null {
  return instanceOnMemory(memory, simdMatMulBinary, instances);
}
