import * as tf from '@tensorflow/tfjs';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import type { DecodingStarter } from './greedyDecode';

/** Settings of {@link beamSearchDecode}. */
export interface BeamSearchSettings {
  /** Hypotheses kept per sentence (K). */
  beamWidth: number;
  /** GNMT length-penalty α: a finished hypothesis scores log P / ((5 + |Y|) / 6)^α. */
  lengthPenalty: number;
  /** Most tokens per output, EOS excluded. */
  maxLength: number;
}

/** One partial translation. */
interface Hypothesis {
  tokens: number[];
  /** Sum of the log probabilities of its tokens. */
  logProb: number;
}

/** A finished translation with its length-normalised score. */
interface Finished {
  tokens: number[];
  score: number;
}

/**
 * Batched beam search (fairseq's procedure) with GNMT's length penalty.
 *
 * Each sentence keeps K hypotheses, one decoder row each, so a batch of B sentences runs
 * B·K rows through the cached decoder (the first step runs one row per sentence: all its
 * hypotheses are the empty prefix). At every step, on the device, the log-probabilities of
 * all K·V continuations of a sentence get their hypotheses' scores added, and the best 2K
 * are read back. On the host, in order of score, a continuation by EOS among the top K
 * becomes a finished translation scored log P(Y) / lp(|Y|) with lp(n) = ((5 + n) / 6)^α
 * (|Y| counting EOS); the first K others become the next hypotheses (2K candidates always
 * hold K that are not EOS, since at most K are). A sentence is done once it has K finished
 * translations, and leaves the batch. At `maxLength` tokens the open hypotheses are
 * finished as they are. The output is the finished translation of highest score.
 *
 * With K = 1 this is exactly greedy decoding: the best continuation is taken, and an EOS
 * there ends the sentence. The decoder caches are reordered (gathered) to follow the
 * hypotheses; cross-attention caches only when the set of rows per sentence changes.
 */
export function beamSearchDecode(model: DecodingStarter & { readonly targetVocabSize: number }, sources: readonly ArrayLike<number>[], settings: BeamSearchSettings): Int32Array[] {
  const { beamWidth: K, lengthPenalty, maxLength } = settings;
  const V = model.targetVocabSize;
  if (K >= V) throw new Error(`expected beamWidth below the target vocabulary size ${V}, got ${K}`);
  if (sources.length === 0) return [];
  const lp = (n: number) => Math.pow((5 + n) / 6, lengthPenalty);
  const finished: Finished[][] = sources.map(() => []);
  const session = model.startDecoding(sources);
  try {
    let active = sources.map((_, b) => b); // sentence of each group of rows, in row order
    let beams: Hypothesis[][] = active.map(() => [{ tokens: [], logProb: 0 }]);
    for (let t = 0; t < maxLength && active.length > 0; t++) {
      const R = beams[0].length; // rows per sentence: 1 at the first step, then K
      const C = Math.min(2 * K, R * V);
      const A = active.length;
      const tokens = beams.flatMap((hs) => hs.map((h) => (h.tokens.length === 0 ? SPECIAL_TOKENS.BOS : h.tokens[h.tokens.length - 1])));
      const logits = session.step(tokens);
      const best = tf.tidy(() => {
        const scores = tf.tensor2d(Float32Array.from(beams.flatMap((hs) => hs.map((h) => h.logProb))), [A * R, 1]);
        const total = tf.add(tf.logSoftmax(logits), scores); // (A·R, V): log P of every continuation
        return tf.topk(tf.reshape(total, [A, R * V]), C, true); // the best C per sentence
      });
      logits.dispose();
      const values = best.values.dataSync();
      const indices = best.indices.dataSync();
      tf.dispose([best.values, best.indices]);

      const nextActive: number[] = [];
      const nextBeams: Hypothesis[][] = [];
      const parentRows: number[] = [];
      for (let i = 0; i < A; i++) {
        const b = active[i];
        const next: Hypothesis[] = [];
        for (let c = 0; c < C && next.length < K; c++) {
          const logProb = values[i * C + c];
          const r = Math.floor(indices[i * C + c] / V);
          const token = indices[i * C + c] % V;
          const parent = beams[i][r];
          if (token === SPECIAL_TOKENS.EOS) {
            if (c < K) finished[b].push({ tokens: parent.tokens, score: logProb / lp(parent.tokens.length + 1) });
            continue;
          }
          next.push({ tokens: [...parent.tokens, token], logProb });
          parentRows.push(i * R + r);
        }
        if (finished[b].length >= K) {
          parentRows.length -= next.length; // the sentence is done: its rows leave the batch
          continue;
        }
        nextActive.push(b);
        nextBeams.push(next);
      }
      active = nextActive;
      beams = nextBeams;
      if (active.length === 0) break;
      if (t + 1 === maxLength) {
        // Out of length: the open hypotheses compete as they are.
        active.forEach((b, i) => beams[i].forEach((h) => finished[b].push({ tokens: h.tokens, score: h.logProb / lp(h.tokens.length) })));
        break;
      }
      session.selectRows(parentRows, A === active.length && R === K);
    }
  } finally {
    session.dispose();
  }
  return finished.map((fs) => {
    let top: Finished | null = null;
    for (const f of fs) if (top === null || f.score > top.score) top = f;
    return Int32Array.from(top?.tokens ?? []);
  });
}
