import * as tf from '@tensorflow/tfjs';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import type { Seq2SeqTransformer } from '../Seq2SeqTransformer';

/**
 * Beam search for one sentence the slow, obvious way: every hypothesis is scored by a full
 * uncached forward pass over its whole prefix, and all K·V continuations are sorted on the
 * host. The reference that the batched, cached `beamSearchDecode` is tested against.
 */
export function naiveBeamSearch(model: Seq2SeqTransformer, source: number[], K: number, alpha: number, maxLength: number): number[] {
  const { BOS, EOS } = SPECIAL_TOKENS;
  const lp = (n: number) => Math.pow((5 + n) / 6, alpha);
  let hyps: { tokens: number[]; logProb: number }[] = [{ tokens: [], logProb: 0 }];
  const finished: { tokens: number[]; score: number }[] = [];
  for (let t = 0; t < maxLength; t++) {
    const candidates: { tokens: number[]; token: number; logProb: number; order: number }[] = [];
    hyps.forEach((h, r) => {
      const logits = model.logits([source], [[BOS, ...h.tokens]]);
      const last = tf.tidy(() => tf.logSoftmax(tf.slice(logits, [0, h.tokens.length, 0], [1, 1, -1]).reshape([-1])).arraySync() as number[]);
      logits.dispose();
      last.forEach((l, v) => candidates.push({ tokens: h.tokens, token: v, logProb: h.logProb + l, order: r * last.length + v }));
    });
    candidates.sort((a, b) => b.logProb - a.logProb || a.order - b.order);
    const next: typeof hyps = [];
    for (let c = 0; c < Math.min(2 * K, candidates.length) && next.length < K; c++) {
      const { tokens, token, logProb } = candidates[c];
      if (token === EOS) {
        if (c < K) finished.push({ tokens, score: logProb / lp(tokens.length + 1) });
      } else {
        next.push({ tokens: [...tokens, token], logProb });
      }
    }
    if (finished.length >= K) break;
    hyps = next;
    if (t + 1 === maxLength) for (const h of hyps) finished.push({ tokens: h.tokens, score: h.logProb / lp(h.tokens.length) });
  }
  return finished.reduce((best, f) => (f.score > best.score ? f : best)).tokens;
}
