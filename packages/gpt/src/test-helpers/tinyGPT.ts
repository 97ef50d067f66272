import { CharTokenizer } from '@tfzoo/tokenizers';
import { GPT } from '../GPT';
import { GPTConfig, gptConfig } from '../GPTConfig';

/** The text tiny test models are trained on and tokenized by. */
export const TINY_TEXT = 'the cat sat on the mat. the dog sat on the log. ';

export const tinyTokenizer = (): CharTokenizer => CharTokenizer.fromTexts(TINY_TEXT);

/** The two architectures every model test runs: the source text's and nanoGPT's. */
export const ARCHITECTURES: [string, Partial<GPTConfig>][] = [
  ['sinusoidal, post-norm, relu, untied', {}],
  ['learned, pre-norm, gelu, tied', { positional: 'learned', norm: 'pre', activation: 'gelu', tieEmbeddings: true }],
];

/** A small GPT over the tiny text's characters. */
export function tinyGPT(overrides: Partial<GPTConfig> = {}): GPT {
  const tokenizer = tinyTokenizer();
  return new GPT(gptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, ...overrides }), tokenizer);
}

/** Max |a − b| over two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
