import { Random } from '@tfzoo/data';

/**
 * A random (rows, cols) matrix with orthonormal rows (rows ≤ cols) or orthonormal columns
 * (rows ≥ cols), drawn from the Haar measure as Keras's `Orthogonal` initializer draws it:
 * the Q of a QR factorisation of a Gaussian matrix, with each column's sign fixed by the
 * sign of R's diagonal. Returned row-major, multiplied by `gain`.
 *
 * Computed in plain JavaScript (Householder QR in float64): tfjs's own `Orthogonal`
 * initializer runs `tf.linalg.qr`, hundreds of small tensor ops per column, which takes
 * minutes for an LSTM's (H, 4H) recurrent kernel at H = 256 on the cpu backend. This takes
 * milliseconds (2·m·n² flops for the m × n Gaussian, m ≥ n).
 */
export function orthogonalMatrix(rows: number, cols: number, seed: number, gain = 1): Float32Array {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new Error(`orthogonalMatrix: expected positive integer dimensions, got ${rows} × ${cols}`);
  }
  // Factorise the tall orientation (m ≥ n) and transpose at the end if the request is wide.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const q = householderQ(gaussian(m, n, new Random(seed)), m, n); // (m, n), column-major
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = gain * q[j * m + i];
      if (rows >= cols) out[i * cols + j] = v;
      else out[j * cols + i] = v; // wide: rows are Q's columns
    }
  }
  return out;
}

/** An (m, n) matrix of standard normal draws, column-major. */
function gaussian(m: number, n: number, rng: Random): Float64Array {
  const a = new Float64Array(m * n);
  for (let k = 0; k < a.length; k += 2) {
    // Box–Muller: two independent normals per pair of uniforms; 1 − u keeps log away from 0.
    const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
    const theta = 2 * Math.PI * rng.nextFloat();
    a[k] = r * Math.cos(theta);
    if (k + 1 < a.length) a[k + 1] = r * Math.sin(theta);
  }
  return a;
}

/**
 * The first n columns of Q in A = QR (A is m × n, column-major, m ≥ n, overwritten), with
 * Q's columns multiplied by sign(R_jj) so that the result is Haar-distributed (Mezzadri 2007).
 */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const diagSign = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Householder vector v for column j below the diagonal: (I − 2vvᵀ) maps it onto ±|x|e_j.
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[j * m + i] ** 2;
    norm = Math.sqrt(norm);
    const x0 = a[j * m + j];
    const alpha = x0 >= 0 ? -norm : norm; // the sign that avoids cancellation
    const v = new Float64Array(m - j);
    v[0] = x0 - alpha;
    for (let i = j + 1; i < m; i++) v[i - j] = a[j * m + i];
    let vNorm = 0;
    for (let i = 0; i < v.length; i++) vNorm += v[i] * v[i];
    vNorm = Math.sqrt(vNorm);
    if (vNorm > 0) for (let i = 0; i < v.length; i++) v[i] /= vNorm;
    vs.push(v);
    diagSign[j] = alpha >= 0 ? 1 : -1; // R_jj = alpha
    // Apply the reflection to the remaining columns.
    for (let k = j; k < n; k++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i - j] * a[k * m + i];
      for (let i = j; i < m; i++) a[k * m + i] -= 2 * dot * v[i - j];
    }
  }
  // Q's first n columns: apply the reflections, last first, to the first n unit vectors.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let r = n - 1; r >= 0; r--) {
    const v = vs[r];
    for (let k = 0; k < n; k++) {
      let dot = 0;
      for (let i = r; i < m; i++) dot += v[i - r] * q[k * m + i];
      if (dot !== 0) for (let i = r; i < m; i++) q[k * m + i] -= 2 * dot * v[i - r];
    }
  }
  for (let j = 0; j < n; j++) {
    if (diagSign[j] < 0) for (let i = 0; i < m; i++) q[j * m + i] = -q[j * m + i];
  }
  return q;
}
