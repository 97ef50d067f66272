import * as tf from '@tensorflow/tfjs';
import { GPT, gptConfig, type GPTConfig } from '@tfzoo/gpt';
import { BpeTokenizer } from '@tfzoo/tokenizers';
import type { ScoredPassage } from '../../types';
import { syntheticCollection } from './syntheticQA';

/** A BPE over the synthetic collection and the prompt framing; 600 (574 in fact) merges every name into one token. */
export function tinyTokenizer(vocabSize = 600): BpeTokenizer {
  const { passages, questions } = syntheticCollection();
  return BpeTokenizer.train([...passages.map((p) => `[1] (${p.title}) ${p.text}`), ...questions.map((q) => `Question: ${q.question}\nAnswer: ${q.answer}`)], { vocabSize });
}

/** A randomly initialised one-block GPT with room for a few synthetic passages. */
export function tinyAnswerGPT(overrides: Partial<GPTConfig> = {}, vocabSize?: number): GPT {
  const tokenizer = tinyTokenizer(vocabSize);
  const config = gptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 160, nLayer: 1, nHead: 2, nEmbd: 16, positional: 'learned', norm: 'pre', tieEmbeddings: true, ...overrides });
  return new GPT(config, tokenizer);
}

/** Makes the model strongly prefer `ids`, in order of preference, whatever it reads (through the output bias). */
export function preferTokens(gpt: GPT, ids: readonly number[]): void {
  const bias = gpt.trainable().variables().find((v) => v.name === 'lm_head/bias')!.variable;
  const values = new Float32Array(gpt.config.vocabSize);
  ids.forEach((id, k) => (values[id] = 100 - 10 * k));
  tf.tidy(() => bias.assign(tf.tensor1d(values)));
}

/** Passages with descending scores, as a retriever returns them. */
export function scored(passages: readonly ScoredPassage['passage'][], scores: readonly number[]): ScoredPassage[] {
  return passages.map((passage, i) => ({ passage, score: scores[i], rank: i + 1 }));
}
