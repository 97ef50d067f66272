import { makeSeq2SeqBatch, Random, type Seq2SeqBatch } from '@tfzoo/data';

/** First id of the toy alphabet (ids below are the reserved special tokens). */
export const TOY_FIRST_ID = 7;

/** Sources of minLength…maxLength ids drawn from `symbols` ids starting at 7; targets are the sources reversed. */
export function reversalPairs(rng: Random, n: number, options: { symbols?: number; minLength?: number; maxLength?: number } = {}): { sources: number[][]; targets: number[][] } {
  const { symbols = 8, minLength = 2, maxLength = 6 } = options;
  const sources = Array.from({ length: n }, () => Array.from({ length: minLength + rng.nextInt(maxLength - minLength + 1) }, () => TOY_FIRST_ID + rng.nextInt(symbols)));
  return { sources, targets: sources.map((s) => [...s].reverse()) };
}

/** A teacher-forcing batch of reversal pairs. */
export function reversalBatch(rng: Random, n: number, options: Parameters<typeof reversalPairs>[2] & { sourceEos?: boolean } = {}): Seq2SeqBatch {
  const { sources, targets } = reversalPairs(rng, n, options);
  return makeSeq2SeqBatch(sources, targets, { sourceEos: options.sourceEos });
}
