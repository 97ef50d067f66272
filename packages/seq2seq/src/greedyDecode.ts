import * as tf from '@tensorflow/tfjs';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import type { DecoderSession } from './DecoderSession';

/** Anything that starts a cached decoding session for a batch of sources (a Seq2SeqTransformer). */
export interface DecodingStarter {
  /** Encodes the sources (raw ids, checked) and starts a session with one row per source. */
  startDecoding(sources: readonly ArrayLike<number>[]): DecoderSession;
}

/**
 * Greedy decoding of a batch: at every position each sentence takes its most probable
 * token (the argmax runs on the device; only one id per row is read back), until EOS or
 * `maxLength` tokens. A sentence that has emitted EOS leaves the batch, so later steps run
 * on the unfinished rows only. Returns the tokens of each output, EOS excluded.
 */
export function greedyDecode(model: DecodingStarter, sources: readonly ArrayLike<number>[], maxLength: number): Int32Array[] {
  const outputs: number[][] = sources.map(() => []);
  if (sources.length === 0) return [];
  const session = model.startDecoding(sources);
  try {
    let active = sources.map((_, b) => b); // row r decodes sentence active[r]
    let tokens: number[] = active.map(() => SPECIAL_TOKENS.BOS);
    for (let t = 0; t < maxLength && active.length > 0; t++) {
      const logits = session.step(tokens);
      const best = tf.tidy(() => tf.argMax(logits, 1));
      logits.dispose();
      const ids = best.dataSync();
      best.dispose();
      const keep: number[] = [];
      for (let r = 0; r < active.length; r++) {
        if (ids[r] === SPECIAL_TOKENS.EOS) continue;
        outputs[active[r]].push(ids[r]);
        keep.push(r);
      }
      if (keep.length === 0 || t + 1 === maxLength) break;
      if (keep.length < active.length) session.selectRows(keep);
      active = keep.map((r) => active[r]);
      tokens = keep.map((r) => ids[r]);
    }
  } finally {
    session.dispose();
  }
  return outputs.map((o) => Int32Array.from(o));
}
