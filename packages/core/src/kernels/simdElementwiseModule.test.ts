import { seededValues } from '../test-helpers/seededValues';
import { simdElementwiseBinary, simdElementwiseFor, simdElementwiseSupported } from './simdElementwiseModule';
import { WasmMemory, webAssembly } from './webAssemblyApi';

/** erf in double precision from its all-positive series erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(2n+1)!! (no cancellation). */
function erfReference(x: number): number {
  const a = Math.abs(x);
  if (a > 6) return Math.sign(x);
  let term = a;
  let sum = a;
  for (let n = 1; n < 500 && term > 1e-18 * sum; n++) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
}

const phi = (x: number) => 0.5 * (1 + erfReference(x * Math.SQRT1_2));
const geluReference = (x: number) => x * phi(x);
const geluDerivativeReference = (x: number) => phi(x) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);

/** Inputs spanning GELU's regimes: a dense sweep of [−12, 12], tiny and huge magnitudes, signed zeros. */
function sweep(): Float32Array {
  const values: number[] = [];
  for (let i = 0; i <= 24001; i++) values.push(-12 + i / 1000);
  values.push(0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 30, -30, 1e4, -1e4, 3e38, -3e38);
  return Float32Array.from(values);
}

/** A fresh memory and its float view; byte offsets below are 4- but not 16-byte aligned on purpose. */
function memoryOf(pages: number, shared: boolean): WasmMemory {
  return shared ? new webAssembly!.Memory({ initial: pages, maximum: 1000, shared: true }) : new webAssembly!.Memory({ initial: pages });
}

describe('simdElementwiseModule', () => {
  test('validates on this engine, shared and not', () => {
    expect(simdElementwiseSupported()).toBe(true);
    expect(webAssembly!.validate(simdElementwiseBinary(false))).toBe(true);
    expect(webAssembly!.validate(simdElementwiseBinary(true))).toBe(true);
  });

  test.each([false, true])('geluForward and geluBackward match double-precision references (shared memory: %s)', (shared) => {
    const memory = memoryOf(8, shared);
    const kernel = simdElementwiseFor(memory)!;
    expect(simdElementwiseFor(memory)).toBe(kernel); // one instance per memory
    const x = sweep();
    const n = x.length;
    const [xAt, dyAt, yAt, dxAt] = [4, 4 * (2 + n), 4 * (3 + 2 * n), 4 * (4 + 3 * n)];
    const f = new Float32Array(memory.buffer);
    f.set(x, xAt / 4);
    const dy = seededValues(n, 5).map((v) => 2 * v);
    f.set(dy, dyAt / 4);
    f.fill(Number.NaN, yAt / 4, yAt / 4 + n + 1);
    f.fill(Number.NaN, dxAt / 4, dxAt / 4 + n + 1);
    kernel.geluForward(xAt, yAt, n);
    kernel.geluBackward(xAt, dyAt, dxAt, n);
    let worstForward = 0;
    let worstBackward = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      // float32 rounding of y alone is up to 3e-8·|y|; the approximation adds ≤ 2e-7·|x|.
      const forwardError = Math.abs(f[yAt / 4 + i] - geluReference(v)) / Math.max(1, Math.abs(v));
      const backwardError = Math.abs(f[dxAt / 4 + i] - dy[i] * geluDerivativeReference(v)) / Math.max(1, Math.abs(dy[i]));
      if (!(forwardError <= 2.5e-7)) throw new Error(`gelu(${v}): got ${f[yAt / 4 + i]}, expected ${geluReference(v)}`);
      if (!(backwardError <= 5e-7)) throw new Error(`gelu'(${v})·${dy[i]}: got ${f[dxAt / 4 + i]}, expected ${dy[i] * geluDerivativeReference(v)}`);
      worstForward = Math.max(worstForward, forwardError);
      worstBackward = Math.max(worstBackward, backwardError);
    }
    expect(worstForward).toBeGreaterThan(0); // the comparison saw real float32 results
    expect(f[yAt / 4 + n]).toBeNaN(); // nothing written past the end
    expect(f[dxAt / 4 + n]).toBeNaN();
  });

  test('special values: signed zeros, NaN, infinities, saturation, every tail length', () => {
    const memory = memoryOf(1, false);
    const kernel = simdElementwiseFor(memory)!;
    const f = new Float32Array(memory.buffer);
    const special = [0, -0, Number.NaN, Infinity, -Infinity, 1e30, -1e30];
    for (let n = 1; n <= special.length; n++) {
      f.set(special, 1);
      f.fill(1, 20, 20 + n);
      f.fill(7, 40, 60);
      f.fill(7, 80, 100);
      kernel.geluForward(4, 160, n);
      kernel.geluBackward(4, 80, 320, n);
      // gelu: x·Φ(x), with −∞·0 = NaN as in the composed formula; gelu'(x) = Φ(x) + x·φ(x).
      const y = [0, -0, Number.NaN, Infinity, Number.NaN, 1e30, -0].slice(0, n);
      const dx = [0.5, 0.5, Number.NaN, Number.NaN, Number.NaN, 1, 0].slice(0, n);
      expect(Array.from(f.subarray(40, 40 + n)).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
        y.map((v) => (Object.is(v, -0) ? '-0' : Math.fround(v))),
      );
      expect(Array.from(f.subarray(80, 80 + n))).toEqual(dx);
      expect(f[40 + n]).toBe(7);
      expect(f[80 + n]).toBe(7);
    }
  });

  /** Naive layer norm and gradient in double precision. */
  function layerNormReference(x: Float32Array, gamma: Float32Array, beta: Float32Array, dy: Float32Array, epsilon: number) {
    const c = gamma.length;
    const rows = x.length / c;
    const y = new Float64Array(x.length);
    const dx = new Float64Array(x.length);
    const dgamma = new Float64Array(c);
    const dbeta = new Float64Array(c);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(x.subarray(r * c, (r + 1) * c));
      const mean = row.reduce((s, v) => s + v, 0) / c;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / c;
      const rstd = 1 / Math.sqrt(variance + epsilon);
      const xhat = row.map((v) => (v - mean) * rstd);
      const g = xhat.map((_, j) => dy[r * c + j] * gamma[j]);
      const meanG = g.reduce((s, v) => s + v, 0) / c;
      const meanGX = g.reduce((s, v, j) => s + v * xhat[j], 0) / c;
      for (let j = 0; j < c; j++) {
        y[r * c + j] = xhat[j] * gamma[j] + beta[j];
        dx[r * c + j] = rstd * (g[j] - meanG - xhat[j] * meanGX);
        dgamma[j] += dy[r * c + j] * xhat[j];
        dbeta[j] += dy[r * c + j];
      }
    }
    return { y, dx, dgamma, dbeta };
  }

  test.each([1, 3, 4, 7, 16, 33])('layerNormForward and layerNormBackward match a naive reference (width %i)', (c) => {
    const memory = memoryOf(2, false);
    const kernel = simdElementwiseFor(memory)!;
    const rows = 5;
    const size = rows * c;
    const x = seededValues(size, c).map((v, i) => 4 * v + (i % 5) - 2);
    x.fill(0.75, 0, c); // a constant row: variance 0, so ε matters
    const gamma = seededValues(c, 2).map((v) => 1 + v);
    const beta = seededValues(c, 3);
    const dy = seededValues(size, 4);
    const epsilon = 1e-5;
    // Word offsets of x, γ, β, dy, y, dx, dγ, dβ, each followed by a NaN sentinel.
    const offsets: number[] = [];
    let next = 1;
    for (const length of [size, c, c, size, size, size, c, c]) {
      offsets.push(next);
      next += length + 1;
    }
    const [xo, go, bo, dyo, yo, dxo, dgo, dbo] = offsets;
    const f = new Float32Array(memory.buffer);
    f.fill(Number.NaN, 0, next);
    f.set(x, xo);
    f.set(gamma, go);
    f.set(beta, bo);
    f.set(dy, dyo);
    kernel.layerNormForward(4 * xo, 4 * go, 4 * bo, 4 * yo, rows, c, epsilon);
    kernel.layerNormBackward(4 * dyo, 4 * xo, 4 * go, 4 * dxo, 4 * dgo, 4 * dbo, rows, c, epsilon);
    const expected = layerNormReference(x, gamma, beta, dy, epsilon);
    const check = (name: string, at: number, want: Float64Array) => {
      for (let i = 0; i < want.length; i++) {
        if (!(Math.abs(f[at + i] - want[i]) <= 2e-5 * Math.max(1, Math.abs(want[i])))) {
          throw new Error(`${name}[${i}] (width ${c}): got ${f[at + i]}, expected ${want[i]}`);
        }
      }
      expect(f[at + want.length]).toBeNaN(); // nothing written past the end
    };
    check('y', yo, expected.y);
    check('dx', dxo, expected.dx);
    check('dgamma', dgo, expected.dgamma);
    check('dbeta', dbo, expected.dbeta);
  });

  test('keeps working after the memory grows', () => {
    const memory = memoryOf(1, false);
    const kernel = simdElementwiseFor(memory)!;
    memory.grow(2);
    const f = new Float32Array(memory.buffer);
    const at = 3 * 16384 - 10; // in the grown pages
    f.set([1, -1, 2, -2, 0.5], at);
    kernel.geluForward(4 * at, 4 * (at + 5), 5);
    Array.from(f.subarray(at + 5, at + 10)).forEach((v, i) => expect(v).toBeCloseTo(geluReference(f[at + i]), 6));
  });
});
