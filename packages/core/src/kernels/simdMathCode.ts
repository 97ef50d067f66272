import { op } from './wasmBinaryWriter';

/**
 * Instruction sequences for vectorised special functions on f32x4 lanes (plain wasm SIMD: no
 * FMA, no relaxed SIMD), emitted into the functions of simdElementwiseModule.ts.
 *
 * Each function returns a list of statements (stack-balanced sequences, each ending in a
 * local.set) so that the caller can interleave the statements of several independent vectors
 * (`interleave`): polynomial evaluation is a chain of dependent multiply-adds, and one chain at a
 * time leaves the CPU waiting on latencies; two to four chains side by side keep it busy.
 */

/** A stack-balanced instruction sequence. */
export type Statement = number[];

const get = op.localGet;
const set = op.localSet;

/** Round-robin merge of equally shaped statement lists (the same code on different locals). */
export function interleave(lists: Statement[][]): number[] {
  const code: number[] = [];
  const length = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < length; i++) for (const list of lists) if (i < list.length) code.push(...list[i]);
  return code;
}

/** dst = c₀·xⁿ + … + cₙ by Horner's rule on f32x4 local `x` (coefficients highest power first; dst ≠ x). */
export function hornerStatements(dst: number, x: number, coefficients: readonly number[]): Statement[] {
  const statements: Statement[] = [[...op.f32x4Const(coefficients[0]), ...get(x), ...op.f32x4Mul, ...op.f32x4Const(coefficients[1]), ...op.f32x4Add, ...set(dst)]];
  for (const c of coefficients.slice(2)) statements.push([...get(dst), ...get(x), ...op.f32x4Mul, ...op.f32x4Const(c), ...op.f32x4Add, ...set(dst)]);
  return statements;
}

/** Lanes at or below this exponent give exactly 0 (e^-87 ≈ 1.6e-38 is near float32's smallest normal). */
const EXP_UNDERFLOW = -87;
/** ln 2 split so that k·LN2_HI is exact for |k| ≤ 2^9 (Cody & Waite): r = x − k·ln 2 keeps its bits. */
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
/** Cephes expf: e^r on |r| ≤ ln2/2 as 1 + r + r²·P(r), about 1 ulp. */
const EXP_POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/** Locals `expStatements` uses (f32x4 each, distinct). */
export interface ExpLocals {
  /** The argument (kept). */
  arg: number;
  /** Scratch: the clamped argument, then r. */
  r: number;
  /** Scratch: k. */
  k: number;
  /** Scratch: the polynomial; then the result. */
  e: number;
}

/**
 * e = e^arg for arg ≤ 88 (the callers only pass arg ≤ ~1): arg = k·ln 2 + r with k = nearest(arg/ln 2),
 * e^r by polynomial, 2^k built from k's bits ((k + 127) << 23). Arguments below −87 give 0
 * (including −∞), NaN gives NaN.
 */
export function expStatements({ arg, r, k, e }: ExpLocals): Statement[] {
  return [
    [...get(arg), ...op.f32x4Const(EXP_UNDERFLOW), ...op.f32x4Max, ...set(r)], // NaN stays NaN
    [...get(r), ...op.f32x4Const(Math.LOG2E), ...op.f32x4Mul, ...op.f32x4Nearest, ...set(k)],
    [
      ...get(r), ...get(k), ...op.f32x4Const(LN2_HI), ...op.f32x4Mul, ...op.f32x4Sub,
      ...get(k), ...op.f32x4Const(LN2_LO), ...op.f32x4Mul, ...op.f32x4Sub, ...set(r),
    ],
    // e^r = (P(r)·r)·r + r + 1
    ...hornerStatements(e, r, EXP_POLY),
    [...get(e), ...get(r), ...op.f32x4Mul, ...get(r), ...op.f32x4Mul, ...get(r), ...op.f32x4Add, ...op.f32x4Const(1), ...op.f32x4Add, ...set(e)],
    // · 2^k (k ∈ [−126, 127]: a normal float), then 0 where arg < −87
    [
      ...get(e), ...get(k), ...op.i32x4TruncSatF32x4S, ...op.i32x4Const(127), ...op.i32x4Add, ...op.i32Const(23), ...op.i32x4Shl,
      ...op.f32x4Mul,
      ...get(arg), ...op.f32x4Const(EXP_UNDERFLOW), ...op.f32x4Lt, ...op.v128AndNot, ...set(e),
    ],
  ];
}

/**
 * Below this |z|, erf(z) comes from its Taylor series; above, from erfc's Chebyshev fit (whose
 * 1.2e-7 relative error would be up to 1.9e-7 absolute near 0, where erfc ≈ 1).
 */
const ERF_SERIES_LIMIT = 0.5;
/** erf(z) = z·S(z²) for |z| < 0.5: 2/√π·Σ (−1)ⁿ z²ⁿ/(n!(2n+1)), n ≤ 7 (truncation < 1e-9). */
const ERF_SERIES = Array.from({ length: 8 }, (_, i) => {
  const n = 7 - i;
  let factorial = 1;
  for (let m = 2; m <= n; m++) factorial *= m;
  return ((n % 2 === 0 ? 1 : -1) * 2) / Math.sqrt(Math.PI) / (factorial * (2 * n + 1));
});
/**
 * erfc(a) = t·exp(−a² + R(t)), t = 1/(1 + a/2), a ≥ 0: Numerical Recipes' `erfcc`, relative error
 * < 1.2e-7 everywhere. Used for |z| ≥ 0.5, where erfc ≤ 0.48, so its absolute error is ≤ 6e-8 there.
 */
const ERFC_R = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];

/** Locals of the GELU statements (f32x4 each; all distinct). */
export interface NormalCdfLocals extends ExpLocals {
  /** The input x (kept). */
  x: number;
  /** Scratch. */
  z: number;
  /** Scratch. */
  a: number;
  /** Scratch. */
  t: number;
  /** Scratch. */
  small: number;
  /** The result. */
  out: number;
}

/** The number of f32x4 locals in {@link NormalCdfLocals}. */
export const NORMAL_CDF_LOCALS = 10;

/** Consecutive locals from `first`. */
export function normalCdfLocals(first: number): NormalCdfLocals {
  const [x, z, a, t, small, arg, r, k, e, out] = Array.from({ length: NORMAL_CDF_LOCALS }, (_, i) => first + i);
  return { x, z, a, t, small, arg, r, k, e, out };
}

/**
 * out = Φ(x) = ½·(1 + erf(x/√2)), the standard normal CDF, to about 1e-7 absolute. For
 * x/√2 = z with |z| ≥ 0.5 it is ½·erfc(−z) evaluated directly, so the far left tail keeps its
 * relative accuracy (1 + erf(z) would cancel) and the right tail saturates to exactly 1.
 * Φ(−∞) = 0, Φ(∞) = 1, Φ(NaN) = NaN, Φ(±0) = ½.
 */
export function normalCdfStatements(l: NormalCdfLocals): Statement[] {
  const { x, z, a, t, small, arg, e, out } = l;
  return [
    [...get(x), ...op.f32x4Const(Math.SQRT1_2), ...op.f32x4Mul, ...set(z)],
    [...get(z), ...op.f32x4Abs, ...set(a)],
    [...get(z), ...get(z), ...op.f32x4Mul, ...set(t)],
    // |z| ≥ 0.5: ½·erfc(|z|) = ½·t·exp(R(t) − a²), t = 1/(1 + a/2); its division first (long latency)
    [...op.f32x4Const(1), ...op.f32x4Const(1), ...get(a), ...op.f32x4Const(0.5), ...op.f32x4Mul, ...op.f32x4Add, ...op.f32x4Div, ...set(out)],
    // |z| < 0.5: ½ + ½·z·S(z²)
    ...hornerStatements(small, t, ERF_SERIES),
    [...get(small), ...get(z), ...op.f32x4Mul, ...op.f32x4Const(0.5), ...op.f32x4Mul, ...op.f32x4Const(0.5), ...op.f32x4Add, ...set(small)],
    ...hornerStatements(arg, out, ERFC_R),
    [...get(arg), ...get(a), ...get(a), ...op.f32x4Mul, ...op.f32x4Sub, ...set(arg)],
    ...expStatements(l),
    [...get(e), ...get(out), ...op.f32x4Mul, ...op.f32x4Const(0.5), ...op.f32x4Mul, ...set(e)],
    // Φ = 1 − e for z > 0, e for z < 0; the series where |z| < 0.5
    [
      ...get(small),
      ...op.f32x4Const(1), ...get(e), ...op.f32x4Sub, ...get(e), ...get(z), ...op.f32x4Const(0), ...op.f32x4Gt, ...op.v128Bitselect,
      ...get(a), ...op.f32x4Const(ERF_SERIES_LIMIT), ...op.f32x4Lt, ...op.v128Bitselect, ...set(out),
    ],
  ];
}

/** 1/√(2π): φ(x) = e^(−x²/2)/√(2π). */
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** out = GELU(x) = x·Φ(x). */
export function geluStatements(l: NormalCdfLocals): Statement[] {
  return [...normalCdfStatements(l), [...get(l.out), ...get(l.x), ...op.f32x4Mul, ...set(l.out)]];
}

/** out = GELU'(x) = Φ(x) + x·φ(x) (±∞ give NaN, as x·0 in the composed formula). */
export function geluDerivativeStatements(l: NormalCdfLocals): Statement[] {
  return [
    ...normalCdfStatements(l),
    [...get(l.x), ...get(l.x), ...op.f32x4Mul, ...op.f32x4Const(-0.5), ...op.f32x4Mul, ...set(l.arg)],
    ...expStatements(l),
    [...get(l.e), ...op.f32x4Const(INV_SQRT_2PI), ...op.f32x4Mul, ...get(l.x), ...op.f32x4Mul, ...get(l.out), ...op.f32x4Add, ...set(l.out)],
  ];
}
