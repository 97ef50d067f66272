import * as tf from '@tensorflow/tfjs';
import { fitExample, promptCompletionBatch, type EncodedExample } from '@tfzoo/gpt';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import type { Passage } from '../types';
import type { AnswerGenerator } from './AnswerGenerator';
import { answerTokenTrainable } from './answerTokenTrainable';
import { citePassages } from './citePassages';

/** A training example: a question, the passages its prompt shows (best first), and the answer to learn. */
export interface AnswerExample {
  question: string;
  /** The passages of the prompt, best first, e.g. a retriever's top k with the gold passage among them. */
  passages: readonly Passage[];
  /** The answer: ideally a span of one of the passages, as in SQuAD. */
  answer: string;
}

/** Why an example cannot be trained on. */
export type AnswerSkipReason = 'empty answer' | 'answer not in the shown passages' | 'answer too long' | 'answer has unknown tokens';

/** An example as token ids, or why it was left out. */
export type EncodedAnswerExample = { encoded: EncodedExample; skipped?: undefined } | { encoded?: undefined; skipped: AnswerSkipReason };

/**
 * The example as the generator will see it: its prompt (`generator.buildPrompt`, the same
 * truncation as at inference), then the answer and EOS, with the prompt length so only
 * answer tokens carry loss. An example is skipped, not trained on, when the prompt does
 * not show the answer (the model would learn to answer from nothing) or the answer does
 * not fit in `answerTokens − 1` tokens.
 *
 * The answer's ids are the passage's own tokens where the answer occurs as a token run
 * of a shown span (so extractive decoding can produce exactly what was trained), else the
 * encoding of " " + answer.
 */
export function encodeAnswerExample(generator: AnswerGenerator, example: AnswerExample): EncodedAnswerExample {
  const answer = example.answer.trim();
  if (answer.length === 0) return { skipped: 'empty answer' };
  const prompt = generator.buildPrompt(example.question, example.passages);
  if (citePassages(answer, prompt.passages, { minSupport: 1 }).length === 0) return { skipped: 'answer not in the shown passages' };
  const tokenizer = generator.gpt.tokenizer;
  const spans = prompt.passages.flatMap((p) => p.spans.map(([a, b]) => prompt.ids.slice(a, b)));
  const options = [tokenizer.encode(' ' + answer), tokenizer.encode(answer)];
  const ids = options.find((o) => spans.some((s) => containsRun(s, o))) ?? options[0];
  if (ids.includes(SPECIAL_TOKENS.UNK)) return { skipped: 'answer has unknown tokens' };
  if (ids.length > generator.settings.prompt.answerTokens - 1) return { skipped: 'answer too long' };
  return { encoded: fitExample(prompt.ids, ids, generator.gpt.config.blockSize, true) };
}

/** What {@link answerLoss} returns. */
export interface AnswerLoss {
  /** Mean cross-entropy per answer token (EOS included), in nats. */
  loss: number;
  /** Answer tokens scored. */
  tokens: number;
  /** Examples scored (the others were skipped; see `encodeAnswerExample`). */
  examples: number;
}

/**
 * The conditional loss −mean log P(answer tokens | prompt) of the generator's GPT on
 * examples, dropout off: what fine-tuning minimises, for validation and tests.
 */
export async function answerLoss(generator: AnswerGenerator, examples: readonly AnswerExample[], batchSize = 16): Promise<AnswerLoss> {
  const encoded = examples.map((e) => encodeAnswerExample(generator, e).encoded).filter((e): e is EncodedExample => e !== undefined);
  if (encoded.length === 0) throw new Error(`answerLoss: none of the ${examples.length} examples can be scored (each needs its answer in the shown passages)`);
  const trainable = answerTokenTrainable(generator.gpt);
  let total = 0;
  let tokens = 0;
  for (let start = 0; start < encoded.length; start += batchSize) {
    const batch = promptCompletionBatch(encoded.slice(start, start + batchSize));
    const count = batch.weights!.data.reduce((a, b) => a + b, 0);
    const loss = tf.tidy(() => trainable.loss(batch, { training: false }));
    total += (await loss.data())[0] * count;
    loss.dispose();
    tokens += count;
  }
  return { loss: total / tokens, tokens, examples: encoded.length };
}

/** Whether `run` occurs as consecutive elements of `ids`. */
function containsRun(ids: readonly number[], run: readonly number[]): boolean {
  if (run.length === 0) return false;
  outer: for (let i = 0; i + run.length <= ids.length; i++) {
    for (let j = 0; j < run.length; j++) if (ids[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}
