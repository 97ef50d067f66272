import { Random } from '@tfzoo/data';

/** `count` vectors of length `dimension` with entries uniform in [-1, 1), reproducible from `seed`. */
export function randomVectors(count: number, dimension: number, seed: number): Float32Array[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: dimension }, () => random.uniform(-1, 1)));
}

/** Brute-force reference ranking: every key scored with float64 arithmetic, best first, ties by smaller key. */
export function bruteForceTopK(
  vectors: ReadonlyMap<number, Float32Array>,
  query: Float32Array,
  k: number,
  metric: 'cosine' | 'euclidean',
): Array<{ key: number; score: number }> {
  const scored = [...vectors].map(([key, v]) => {
    if (metric === 'euclidean') {
      let sum = 0;
      for (let i = 0; i < v.length; i++) sum += (v[i] - query[i]) ** 2;
      return { key, score: -Math.sqrt(sum) };
    }
    let dot = 0;
    let nv = 0;
    let nq = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i] * query[i];
      nv += v[i] * v[i];
      nq += query[i] * query[i];
    }
    return { key, score: dot / Math.sqrt(nv * nq) };
  });
  return scored.sort((a, b) => b.score - a.score || a.key - b.key).slice(0, k);
}
