import * as tf from '@tensorflow/tfjs';

type Matrix = number[][];

/** Projection weights of one multi-head attention, as plain arrays. Kernels are (in, out). */
export interface NaiveAttentionParams {
  numHeads: number;
  keyDim: number;
  valueDim: number;
  wq: Matrix; // (Dq, H·K)
  bq: number[];
  wk: Matrix; // (Dc, H·K)
  bk: number[];
  wv: Matrix; // (Dc, H·V)
  bv: number[];
  wo: Matrix; // (H·V, O)
  bo: number[];
}

function project(x: Matrix, w: Matrix, b: number[]): Matrix {
  return x.map((row) => b.map((bias, j) => row.reduce((acc, xi, i) => acc + xi * w[i][j], bias)));
}

/**
 * Multi-head attention written out with loops over plain arrays, as the textbook states it:
 * for each head, softmax(Q Kᵀ/√d + M) V with M = −1e9 at masked keys (padding, and keys after
 * the query when causal); heads concatenated; output projection. query (B, Tq, Dq),
 * context (B, Tk, Dc) (the query itself for self-attention), keyMask (B, Tk) of 1/0.
 */
export function naiveMultiHeadAttention(
  query: number[][][],
  context: number[][][],
  keyMask: Matrix | null,
  causal: boolean,
  p: NaiveAttentionParams,
): number[][][] {
  const { numHeads: H, keyDim: K, valueDim: V } = p;
  return query.map((xq, b) => {
    const xc = context[b];
    const q = project(xq, p.wq, p.bq);
    const k = project(xc, p.wk, p.bk);
    const v = project(xc, p.wv, p.bv);
    const Tq = xq.length;
    const Tk = xc.length;
    const concat: Matrix = Array.from({ length: Tq }, () => new Array<number>(H * V).fill(0));
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < Tq; i++) {
        const scores: number[] = [];
        for (let j = 0; j < Tk; j++) {
          let s = 0;
          for (let d = 0; d < K; d++) s += q[i][h * K + d] * k[j][h * K + d];
          s /= Math.sqrt(K);
          const masked = (keyMask !== null && keyMask[b][j] === 0) || (causal && j > i + (Tk - Tq));
          // float32 arithmetic, as in the layer: s − 1e9 rounds to −1e9 for |s| < 32, so a
          // fully masked row averages the values uniformly instead of following s.
          scores.push(masked ? Math.fround(s - 1e9) : s);
        }
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, c) => a + c, 0);
        for (let e = 0; e < V; e++) {
          let acc = 0;
          for (let j = 0; j < Tk; j++) acc += (exps[j] / total) * v[j][h * V + e];
          concat[i][h * V + e] = acc;
        }
      }
    }
    return project(concat, p.wo, p.bo);
  });
}

function columns(m: Matrix, from: number, to: number): Matrix {
  return m.map((row) => row.slice(from, to));
}

/**
 * Reads a built MultiHeadAttention's weights into NaiveAttentionParams, following its
 * documented layout: fused `query_key_value` [Q | K | V] for self-attention, `query` and
 * fused `key_value` [K | V] for cross-attention, then `attention_output`.
 */
export function attentionParamsOf(layer: tf.layers.Layer, numHeads: number, keyDim: number, valueDim: number): NaiveAttentionParams {
  const find = (suffix: string): tf.LayerVariable | undefined => layer.weights.find((w) => w.originalName.endsWith(suffix));
  const matrix = (suffix: string): Matrix => {
    const w = find(suffix);
    if (w === undefined) throw new Error(`no weight named *${suffix} in ${layer.weights.map((x) => x.originalName).join(', ')}`);
    return w.read().arraySync() as Matrix;
  };
  const vector = (suffix: string, size: number): number[] => {
    const w = find(suffix);
    return w === undefined ? new Array<number>(size).fill(0) : (w.read().arraySync() as number[]);
  };
  const HK = numHeads * keyDim;
  const HV = numHeads * valueDim;
  const wo = matrix('/attention_output/kernel');
  const bo = vector('/attention_output/bias', wo[0].length);
  const base = { numHeads, keyDim, valueDim, wo, bo };
  if (find('/query_key_value/kernel') !== undefined) {
    const w = matrix('/query_key_value/kernel');
    const b = vector('/query_key_value/bias', 2 * HK + HV);
    return {
      ...base,
      wq: columns(w, 0, HK),
      bq: b.slice(0, HK),
      wk: columns(w, HK, 2 * HK),
      bk: b.slice(HK, 2 * HK),
      wv: columns(w, 2 * HK, 2 * HK + HV),
      bv: b.slice(2 * HK),
    };
  }
  const wq = matrix('/query/kernel');
  const wkv = matrix('/key_value/kernel');
  const bkv = vector('/key_value/bias', HK + HV);
  return {
    ...base,
    wq,
    bq: vector('/query/bias', HK),
    wk: columns(wkv, 0, HK),
    bk: bkv.slice(0, HK),
    wv: columns(wkv, HK, HK + HV),
    bv: bkv.slice(HK),
  };
}
