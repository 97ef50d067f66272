import { F64, I32, op, V128, ValueType, WasmFunction } from './wasmBinaryWriter';
import { addTo, whileNot } from './wasmStructuredCode';

/**
 * Two functions of simdElementwiseModule.ts that compute in double precision on f64x2 lanes:
 * float32 data is widened two floats at a time (`v128.load64_zero` + `f64x2.promote_low`)
 * and narrowed back when stored, so each does exactly what its JavaScript fallback does
 * (double arithmetic in the same order, one rounding per store) — bit for bit — only faster.
 *
 * - `columnSum(x, out, rows, cols)`: out[c] = Σ_r x[r·cols + c], a double accumulator per
 *   column (float32 accumulation drifts by ~√rows ulps over the thousands of rows of a
 *   bias gradient; double does not). Strips of 16 columns keep 8 independent f64x2 chains
 *   in flight down the rows; 2-column strips and a scalar column take the rest.
 * - `adamW(w, g, m, v, wOut, mOut, vOut, n, gradScale, β1, 1−β1, β2, 1−β2, lr/c1, 1/c2, ε,
 *   decay)`: adamWKernel.ts's update, two elements per step; an odd last element runs the
 *   same vector code on a lane loaded alone.
 * Pointers are byte offsets into the imported memory; 4-byte alignment is enough.
 */

const get = op.localGet;
const set = op.localSet;

/** Columns per wide strip of `columnSum`: 8 f64x2 accumulators. */
const STRIP_PAIRS = 8;

export function columnSumFunction(): WasmFunction {
  const [X, OUT, ROWS, COLS] = [0, 1, 2, 3];
  const [C, COL_BYTES, ROW_BYTES, P, R] = [4, 5, 6, 7, 8]; // i32: byte column, cols·4, row stride, pointer, rows left
  const S = 9; // f64: the scalar column's sum
  const ACC = 10; // v128 × STRIP_PAIRS
  const locals: ValueType[] = [I32, I32, I32, I32, I32, F64, ...new Array<ValueType>(STRIP_PAIRS).fill(V128)];

  /** Sums strips of 2·pairs columns while that many remain. */
  const strips = (pairs: number) => {
    const accs = Array.from({ length: pairs }, (_, k) => ACC + k);
    const row = [
      ...accs.flatMap((a, k) => [...get(a), ...get(P), ...op.v128Load64Zero(8 * k), ...op.f64x2PromoteLowF32x4, ...op.f64x2Add, ...set(a)]),
      ...addTo(P, get(ROW_BYTES)),
      ...get(R), ...op.i32Const(1), ...op.i32Sub, ...set(R),
    ];
    const strip = [
      ...accs.flatMap((a) => [...op.v128Const0, ...set(a)]),
      ...get(X), ...get(C), ...op.i32Add, ...set(P),
      ...get(ROWS), ...set(R),
      ...whileNot([...get(R), ...op.i32Const(0), ...op.i32LeS], row),
      ...accs.flatMap((a, k) => [...get(OUT), ...get(C), ...op.i32Add, ...get(a), ...op.f32x4DemoteF64x2Zero, ...op.v128Store64Lane(0, 8 * k)]),
      ...addTo(C, op.i32Const(8 * pairs)),
    ];
    return whileNot([...get(C), ...op.i32Const(8 * pairs), ...op.i32Add, ...get(COL_BYTES), ...op.i32GtS], strip);
  };
  const scalarRow = [
    ...get(S), ...get(P), ...op.f32Load(), ...op.f64PromoteF32, ...op.f64Add, ...set(S),
    ...addTo(P, get(ROW_BYTES)),
    ...get(R), ...op.i32Const(1), ...op.i32Sub, ...set(R),
  ];
  const scalarColumn = [
    ...op.f64Const0, ...set(S),
    ...get(X), ...get(C), ...op.i32Add, ...set(P),
    ...get(ROWS), ...set(R),
    ...whileNot([...get(R), ...op.i32Const(0), ...op.i32LeS], scalarRow),
    ...get(OUT), ...get(C), ...op.i32Add, ...get(S), ...op.f32DemoteF64, ...op.f32Store(),
    ...addTo(C, op.i32Const(4)),
  ];
  const body = [
    ...get(COLS), ...op.i32Const(4), ...op.i32Mul, ...set(COL_BYTES),
    ...get(COLS), ...op.i32Const(4), ...op.i32Mul, ...set(ROW_BYTES),
    ...op.i32Const(0), ...set(C),
    ...strips(STRIP_PAIRS),
    ...strips(1),
    ...whileNot([...get(C), ...get(COL_BYTES), ...op.i32GeS], scalarColumn),
  ];
  return { exportName: 'columnSum', params: [I32, I32, I32, I32], locals, body };
}

export function adamWFunction(): WasmFunction {
  const [W, G, M, V, W_OUT, M_OUT, V_OUT, N] = [0, 1, 2, 3, 4, 5, 6, 7]; // i32
  const HYPER = 8; // f64 × 9: gradScale, β1, 1−β1, β2, 1−β2, lr/c1, 1/c2, ε, decay
  const HYPER_COUNT = 9;
  const [I, END, PAIR_END] = [17, 18, 19]; // i32 byte indices
  const SPLAT = 20; // v128 × 9: the hyper-parameters splatted
  const [GI, MI, VI] = [29, 30, 31]; // v128
  const [SCALE, B1, OB1, B2, OB2, STEP, INV_C2, EPS, DECAY] = Array.from({ length: HYPER_COUNT }, (_, k) => SPLAT + k);
  const locals: ValueType[] = [I32, I32, I32, ...new Array<ValueType>(HYPER_COUNT + 3).fill(V128)];

  const wide = (load: number[]) => [...load, ...op.f64x2PromoteLowF32x4];
  /** One step on two elements (`load64`/`store64`) or one (`load32`/`store32`, lane 1 ignored). */
  const step = (load: (offset?: number) => number[], store: number[]) => {
    const from = (base: number) => wide([...get(base), ...get(I), ...op.i32Add, ...load()]);
    const to = (base: number, value: number[]) => [...get(base), ...get(I), ...op.i32Add, ...value, ...store];
    return [
      ...from(G), ...get(SCALE), ...op.f64x2Mul, ...set(GI),
      ...from(M), ...get(B1), ...op.f64x2Mul, ...get(GI), ...get(OB1), ...op.f64x2Mul, ...op.f64x2Add,
      ...op.f32x4DemoteF64x2Zero, ...set(MI), // the stored (rounded) moment, as float32 lanes
      ...from(V), ...get(B2), ...op.f64x2Mul, ...get(GI), ...get(GI), ...op.f64x2Mul, ...get(OB2), ...op.f64x2Mul, ...op.f64x2Add,
      ...op.f32x4DemoteF64x2Zero, ...set(VI),
      ...to(M_OUT, get(MI)),
      ...to(V_OUT, get(VI)),
      ...to(W_OUT, [
        ...from(W), ...get(DECAY), ...op.f64x2Mul,
        ...get(STEP), ...get(MI), ...op.f64x2PromoteLowF32x4, ...op.f64x2Mul,
        ...get(VI), ...op.f64x2PromoteLowF32x4, ...get(INV_C2), ...op.f64x2Mul, ...op.f64x2Sqrt, ...get(EPS), ...op.f64x2Add,
        ...op.f64x2Div, ...op.f64x2Sub,
        ...op.f32x4DemoteF64x2Zero,
      ]),
    ];
  };
  const body = [
    ...Array.from({ length: HYPER_COUNT }, (_, k) => [...get(HYPER + k), ...op.f64x2Splat, ...set(SPLAT + k)]).flat(),
    ...get(N), ...op.i32Const(4), ...op.i32Mul, ...set(END),
    ...get(N), ...op.i32Const(-2), ...op.i32And, ...op.i32Const(4), ...op.i32Mul, ...set(PAIR_END),
    ...op.i32Const(0), ...set(I),
    ...whileNot([...get(I), ...get(PAIR_END), ...op.i32GeS], [...step(op.v128Load64Zero, op.v128Store64Lane(0)), ...addTo(I, op.i32Const(8))]),
    ...whileNot([...get(I), ...get(END), ...op.i32GeS], [...step(op.v128Load32Zero, op.v128Store32Lane(0)), ...addTo(I, op.i32Const(4))]),
  ];
  return { exportName: 'adamW', params: [...new Array<ValueType>(8).fill(I32), ...new Array<ValueType>(HYPER_COUNT).fill(F64)], locals, body };
}
