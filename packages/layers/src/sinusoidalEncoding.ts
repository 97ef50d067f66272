/**
 * The sinusoidal position encoding of Vaswani et al. (2017, §3.5), computed in float64
 * and returned as a row-major (length, dim) Float32Array for positions
 * `start … start + length − 1`:
 *
 *   PE(pos, 2i)   = sin(pos / maxWavelength^(2i/dim))
 *   PE(pos, 2i+1) = cos(pos / maxWavelength^(2i/dim))
 *
 * exactly as written, also for odd `dim` (the last column is then a sine).
 */
export function sinusoidalEncoding(length: number, dim: number, start = 0, maxWavelength = 10000): Float32Array {
  const out = new Float32Array(length * dim);
  // 1 / maxWavelength^(2i/dim) for each column, shared by the sin/cos pair.
  const inverseFrequency = Array.from({ length: dim }, (_, k) => Math.pow(maxWavelength, -(k - (k % 2)) / dim));
  for (let p = 0; p < length; p++) {
    const pos = start + p;
    for (let k = 0; k < dim; k++) {
      const angle = pos * inverseFrequency[k];
      out[p * dim + k] = k % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}
