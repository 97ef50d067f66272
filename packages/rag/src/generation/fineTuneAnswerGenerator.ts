import * as path from 'path';
import { encodeText } from '@tfzoo/data';
import { GPT, GPT_PRESETS, gptConfig, promptCompletionBatch, promptCompletionBatches, trainLanguageModel, type EncodedExample, type GPTConfig, type GPTPresetName, type LanguageModelBatch } from '@tfzoo/gpt';
import { BpeTokenizer, type Tokenizer } from '@tfzoo/tokenizers';
import { Trainer, type BatchSource, type ProgressLineOptions, type StopReason, type TrainConfig } from '@tfzoo/train';
import type { Passage } from '../types';
import { AnswerGenerator, type AnswerGeneratorOptions } from './AnswerGenerator';
import { answerLoss, encodeAnswerExample, type AnswerExample, type AnswerSkipReason } from './answerExamples';
import { answerTokenTrainable } from './answerTokenTrainable';
import { collapseWhitespace } from './sentenceSelection';
import { SyntheticQuestionSource, type SyntheticQuestionOptions } from './syntheticQuestions';

/**
 * The GPT `fineTuneAnswerGenerator` creates unless told otherwise: 2 blocks × 128 with a
 * 192-token window, which holds a question and the best sentences of three Wikipedia
 * paragraphs in a 4000-token BPE (the prompt shows the answer for 83 % of the SQuAD
 * questions of /work/shared/data/qa at this size, 88 % at 256). GPT-2's choices (learned
 * positions, pre-norm, GELU) and tied embeddings, whose output layer scores each token by
 * its similarity to the hidden state, which suits copying tokens from the prompt. On two
 * CPU cores a fine-tuning step of 16 examples takes about 1 s at this size and 3 s at
 * 4 × 128 with 256 tokens, so a few-minute budget buys three times the steps.
 */
export const ANSWER_GPT_DEFAULTS: Readonly<Omit<GPTConfig, 'vocabSize'>> = {
  blockSize: 192,
  nLayer: 2,
  nHead: 4,
  nEmbd: 128,
  dropout: 0.1,
  positional: 'learned',
  norm: 'pre',
  activation: 'gelu',
  tieEmbeddings: true,
};

/** Options of {@link fineTuneAnswerGenerator}. */
export interface FineTuneAnswerGeneratorOptions {
  /** Continue training this generator (in place); `tokenizer`, `vocabSize`, `model` and `generatorOptions` must then be left out. */
  generator?: AnswerGenerator;
  /** Settings of a new generator (decoding, minScore, prompt layout); training prompts use its prompt layout. */
  generatorOptions?: AnswerGeneratorOptions;
  /** A new GPT's tokenizer. Default: byte-level BPE trained on the pre-training texts, questions and answers. */
  tokenizer?: Tokenizer;
  /** Vocabulary size of that BPE (at least 263). Default 4000. */
  vocabSize?: number;
  /** A new GPT's architecture: a preset's sizes and overrides of {@link ANSWER_GPT_DEFAULTS}. */
  model?: Partial<Omit<GPTConfig, 'vocabSize'>> & { preset?: GPTPresetName };
  /**
   * Texts for language-model pre-training before fine-tuning (and for the BPE), one
   * passage each. Default: the distinct passages of the examples.
   */
  pretrainTexts?: readonly string[];
  /**
   * Steps of next-token pre-training on `pretrainTexts` (nanoGPT style: random windows of
   * blockSize tokens) before fine-tuning, so the model knows the words and names of the
   * collection before it learns to answer. Default 0: none.
   */
  pretrainSteps?: number;
  /**
   * Steps of fine-tuning on label-free synthetic questions (`SyntheticQuestionSource`:
   * cloze questions made from the sentences of `syntheticPassages`, answered by the span
   * they hide, shown among distractor passages) after pre-training and before the real
   * examples, with the same conditional objective, prompt and batch size. It teaches the
   * reading skill the few real questions cannot: find the sentence the question
   * paraphrases and copy the span it asks for. Default 0: none. On the SQuAD split of
   * examples/rag, 300 synthetic steps in place of 60 language-model pre-training steps
   * (then 150 steps on the 455 usable training questions; 941 s against 693 s on two
   * shared cores) raised held-out F1 from 0.046 to 0.068 with `spans` decoding, and from
   * 0.039 to 0.044 with greedy `extractive` decoding.
   */
  syntheticSteps?: number;
  /** The collection synthetic questions are made from (and their distractors). Default: the distinct passages of the examples. */
  syntheticPassages?: readonly Passage[];
  /** How synthetic questions are made (distractors, noise). */
  syntheticOptions?: SyntheticQuestionOptions;
  /** Peak learning rate of the real fine-tuning after a synthetic phase. Default `learningRate`. */
  fineTuneLearningRate?: number;
  /** Windows per pre-training step. Default 16. */
  pretrainBatchSize?: number;
  /** Examples per fine-tuning step. Default 16. */
  batchSize?: number;
  /** Passes over the examples. Default 10. Ignored when `maxSteps` is given. */
  epochs?: number;
  /** Fine-tuning steps (instead of `epochs`). */
  maxSteps?: number;
  /** Peak learning rate of both phases (AdamW, warmup then cosine). Default 2e-3 for a new model, 3e-4 when continuing. */
  learningRate?: number;
  /** Warmup steps of fine-tuning. Default 5 % of the steps. */
  warmupSteps?: number;
  /** AdamW weight decay on matrices. Default 0.1 (nanoGPT). */
  weightDecay?: number;
  /** Held-out examples: their answer loss is evaluated every epoch, and the result reports the final one. */
  validation?: readonly AnswerExample[];
  /** Seed of the example order and of the pre-training windows. Default 0. */
  seed?: number;
  /** Run folder: `pretrain/` and `finetune/` training runs (checkpoints, metrics, loss curves). */
  runDir?: string;
  /** Continue each phase from its checkpoint in `runDir`. Default false. */
  resume?: boolean;
  /** Progress line options, or false for silence (default: a progress line on stderr). */
  progress?: ProgressLineOptions | false;
  /** Any other fine-tuning settings, applied last. */
  trainConfig?: Partial<TrainConfig>;
}

/** What {@link fineTuneAnswerGenerator} returns. */
export interface FineTuneAnswerGeneratorResult {
  /** The trained generator (the one given, or a new one). */
  generator: AnswerGenerator;
  /** Examples trained on. */
  examples: number;
  /** Examples left out, and why (see `encodeAnswerExample`). */
  skipped: { index: number; reason: AnswerSkipReason }[];
  /** Fine-tuning steps in total (including any before a resume). */
  steps: number;
  /** Loss of the first and the last fine-tuning step of this call (per answer token). */
  firstLoss: number | null;
  lastLoss: number | null;
  stopReason: StopReason;
  /** The validation examples' answer loss after training, or null without validation. */
  validationLoss: number | null;
  /** The pre-training phase, or null when there was none. */
  pretrain: { steps: number; lastLoss: number | null } | null;
  /** The synthetic-question phase, or null when there was none. */
  synthetic: { steps: number; firstLoss: number | null; lastLoss: number | null } | null;
  seconds: number;
}

/**
 * Trains a GPT to answer questions from retrieved passages with the conditional
 * objective: each example is the generator's prompt (numbered passages, question,
 * `Answer:`, built exactly as at inference) followed by the answer and EOS, and only the
 * answer tokens carry loss, L = −Σ log P(answerᵢ | answer<ᵢ, passages, question).
 *
 * **Why this recipe, with a tiny model and a few hundred questions.** A GPT this small
 * cannot learn to write answers from ~600 examples, but SQuAD answers are short spans
 * copied from the passage, so the whole design serves copying: (1) byte-level BPE rather
 * than characters, so a window holds several sentences and an answer is ~3 tokens, not
 * ~15 characters; (2) the prompt keeps the sentences sharing the rarest question terms
 * (`buildRagPrompt`), which hold the answer far more often than the passages' first
 * sentences, so a 192-token window suffices and training skips few examples; (3) the
 * loss's output layer runs on answer tokens only (`answerTokenTrainable`), halving a step;
 * (4) extractive decoding (the generator's default) makes the model a span chooser: it
 * picks where to copy from and where to stop, and its answers are whole-word passage
 * spans, never invented words; (5) optional next-token pre-training on the collection
 * (`pretrainSteps`). Examples whose prompt does not show the answer are skipped rather
 * than teaching the model to answer blind.
 *
 * What to expect: on /work/shared/data/qa (574 training questions, 455 of them shown their
 * answer; the 190 held-out questions of 6 other articles; top 3 hybrid passages), the
 * model learns the form of an answer ("the NFL", "the team") long before it learns where
 * in the passage the answer is, and a few-minute budget does not get it there (wasm, two
 * CPU cores shared with other jobs):
 *
 *     pretrainSteps 60, maxSteps 150                      693 s   EM 0.021  F1 0.039  (gold passage only: 0.016 / 0.042)
 *       the same model, decoding 'spans'                          EM 0.037  F1 0.046  (0.037 / 0.049)
 *     syntheticSteps 300, maxSteps 150                    941 s   EM 0.016  F1 0.044  (0.016 / 0.043)
 *       the same model, decoding 'spans'                          EM 0.053  F1 0.068  (0.053 / 0.067)
 *     syntheticSteps 400 (windowSentences 2), maxSteps 150  1417 s  EM 0.016  F1 0.042  (0.016 / 0.045)
 *       the same model, decoding 'spans'                          EM 0.047  F1 0.068
 *
 * so synthetic questions and span scoring together are the best of these (the figures
 * are over 190 questions: 0.005 of EM is one question). The sentence sharing most
 * question terms, returned whole, scores F1 0.127 there. The synthetic phase's loss falls
 * from 8.3 to 6.2 nats per answer token and then mostly stalls: a 2 × 128 GPT from
 * scratch learns to copy only slowly in a few hundred steps. More steps, a pre-trained
 * start or more questions are what move these numbers.
 *
 * Creates a GPT (`ANSWER_GPT_DEFAULTS`) and its BPE, or continues `options.generator`.
 * Uses @tfzoo/train's Trainer (AdamW, warmup and cosine, clipping, progress line,
 * checkpoints in `runDir`), with the output layer run on the answer positions only
 * (`answerTokenTrainable`: the same loss, about half the time per step).
 *
 * @example
 * const examples = questions.map((q) => ({ question: q.question, passages: [gold(q), ...distractors(q)], answer: q.answers[0] }));
 * const { generator, validationLoss } = await fineTuneAnswerGenerator(examples, {
 *   syntheticSteps: 300, syntheticPassages: collection, maxSteps: 150, generatorOptions: { decoding: 'spans' }, validation,
 * });
 * await generator.save('models/rag-generator');
 */
export async function fineTuneAnswerGenerator(examples: readonly AnswerExample[], options: FineTuneAnswerGeneratorOptions = {}): Promise<FineTuneAnswerGeneratorResult> {
  if (examples.length === 0) throw new Error('fineTuneAnswerGenerator: expected examples to train on, got none');
  const continuing = options.generator !== undefined;
  if (continuing && (options.tokenizer !== undefined || options.vocabSize !== undefined || options.model !== undefined || options.generatorOptions !== undefined)) {
    throw new Error('fineTuneAnswerGenerator: options.generator continues an existing generator, which has its own tokenizer, architecture and settings; leave out tokenizer, vocabSize, model and generatorOptions');
  }
  const started = performance.now();
  const pretrainTexts = options.pretrainTexts ?? distinctPassageTexts(examples);
  const generator = options.generator ?? createAnswerGenerator(examples, pretrainTexts, options);
  try {
    const learningRate = options.learningRate ?? (continuing ? 3e-4 : 2e-3);
    const seed = options.seed ?? 0;
    const pretrain = (options.pretrainSteps ?? 0) > 0 ? await pretrainOnTexts(generator.gpt, pretrainTexts, options, learningRate, seed) : null;
    const synthetic = (options.syntheticSteps ?? 0) > 0 ? await trainOnSyntheticQuestions(generator, options.syntheticPassages ?? distinctPassages(examples), options, learningRate, seed) : null;

    const encoded: EncodedExample[] = [];
    const skipped: { index: number; reason: AnswerSkipReason }[] = [];
    examples.forEach((example, index) => {
      const result = encodeAnswerExample(generator, example);
      if (result.encoded !== undefined) encoded.push(result.encoded);
      else skipped.push({ index, reason: result.skipped });
    });
    if (encoded.length === 0) {
      throw new Error(`fineTuneAnswerGenerator: all ${examples.length} examples were skipped (first: ${skipped[0].reason}); each needs its answer in the passages its prompt shows`);
    }
    const batchSize = options.batchSize ?? 16;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`fineTuneAnswerGenerator: expected batchSize to be an integer >= 1, got ${batchSize}`);
    const stepsPerEpoch = Math.ceil(encoded.length / batchSize);
    const maxSteps = options.maxSteps ?? Math.max(1, Math.round((options.epochs ?? 10) * stepsPerEpoch));
    const validation = options.validation ?? [];
    const config: TrainConfig = {
      maxSteps,
      learningRate: synthetic !== null ? (options.fineTuneLearningRate ?? learningRate) : learningRate,
      warmupSteps: options.warmupSteps ?? Math.round(0.05 * maxSteps),
      weightDecay: options.weightDecay ?? 0.1,
      evalEvery: stepsPerEpoch,
      ...options.trainConfig,
    };
    const trainer = new Trainer(answerTokenTrainable(generator.gpt), config);
    let fit;
    try {
      fit = await trainer.fit({
        train: promptCompletionBatches(encoded, batchSize, seed),
        metric: validation.length > 0 ? { name: 'val_answer_loss', compute: async () => (await answerLoss(generator, validation)).loss } : undefined,
        runDir: options.runDir === undefined ? undefined : path.join(options.runDir, 'finetune'),
        resume: options.resume,
        tokenizer: generator.gpt.tokenizer,
        countTokens: (b) => b.x.data.length,
        progress: options.progress,
      });
    } finally {
      trainer.dispose();
    }
    const validationLoss = validation.length > 0 ? (await answerLoss(generator, validation)).loss : null;
    return {
      generator,
      examples: encoded.length,
      skipped,
      steps: fit.step,
      firstLoss: fit.firstLoss,
      lastLoss: fit.lastLoss,
      stopReason: fit.stopReason,
      validationLoss,
      pretrain,
      synthetic,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    // A generator made here is nobody else's to free.
    if (!continuing) generator.dispose();
    throw e;
  }
}

/** A new generator: BPE on the texts, questions and answers (unless a tokenizer is given), and a GPT of the requested size. */
function createAnswerGenerator(examples: readonly AnswerExample[], texts: readonly string[], options: FineTuneAnswerGeneratorOptions): AnswerGenerator {
  const tokenizer =
    options.tokenizer ??
    BpeTokenizer.train([...texts.map(collapseWhitespace), ...examples.map((e) => `Question: ${e.question}\nAnswer: ${e.answer}`)], { vocabSize: options.vocabSize ?? 4000 });
  const { preset, ...overrides } = options.model ?? {};
  if (preset !== undefined && !(preset in GPT_PRESETS)) {
    throw new Error(`fineTuneAnswerGenerator: unknown GPT preset ${JSON.stringify(preset)}; expected one of ${Object.keys(GPT_PRESETS).join(', ')}`);
  }
  // A preset gives the sizes; the other fields keep ANSWER_GPT_DEFAULTS (gptConfig's own defaults are the source text's).
  const config = gptConfig({ ...ANSWER_GPT_DEFAULTS, ...(preset ? GPT_PRESETS[preset] : {}), ...overrides, vocabSize: tokenizer.vocabSize });
  return new AnswerGenerator(new GPT(config, tokenizer), options.generatorOptions);
}

/** Next-token pre-training on the texts, one passage per line. */
async function pretrainOnTexts(gpt: GPT, texts: readonly string[], options: FineTuneAnswerGeneratorOptions, learningRate: number, seed: number): Promise<{ steps: number; lastLoss: number | null }> {
  const ids = encodeText(gpt.tokenizer, texts.map((t) => collapseWhitespace(t) + '\n').join(''));
  if (ids.length < gpt.config.blockSize + 1) {
    throw new Error(`fineTuneAnswerGenerator: pre-training needs at least blockSize + 1 = ${gpt.config.blockSize + 1} tokens of text, the pretrainTexts give ${ids.length}`);
  }
  const maxSteps = options.pretrainSteps!;
  const result = await trainLanguageModel(gpt, {
    trainIds: ids,
    batchSize: options.pretrainBatchSize ?? 16,
    seed,
    trainConfig: { maxSteps, learningRate, warmupSteps: Math.round(0.05 * maxSteps), weightDecay: options.weightDecay ?? 0.1 },
    runDir: options.runDir === undefined ? undefined : path.join(options.runDir, 'pretrain'),
    resume: options.resume,
    progress: options.progress,
  });
  return { steps: result.step, lastLoss: result.lastLoss };
}

/**
 * The synthetic-question phase: a Trainer run (its own warmup and cosine, checkpoints in
 * `runDir/synthetic`) over batches of synthetic questions made on the fly, each encoded
 * exactly as a real example (`encodeAnswerExample`; skipped ones are replaced).
 */
async function trainOnSyntheticQuestions(
  generator: AnswerGenerator,
  passages: readonly Passage[],
  options: FineTuneAnswerGeneratorOptions,
  learningRate: number,
  seed: number,
): Promise<{ steps: number; firstLoss: number | null; lastLoss: number | null }> {
  const maxSteps = options.syntheticSteps!;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new Error(`fineTuneAnswerGenerator: expected syntheticSteps to be an integer >= 0, got ${maxSteps}`);
  const batchSize = options.batchSize ?? 16;
  const source = new SyntheticQuestionSource(passages, seed + 7919, options.syntheticOptions);
  const batches: BatchSource<LanguageModelBatch> = {
    next() {
      const picked: EncodedExample[] = [];
      for (let tries = 0; picked.length < batchSize; tries++) {
        if (tries >= 20 * batchSize) {
          throw new Error(`fineTuneAnswerGenerator: ${tries} synthetic questions gave only ${picked.length} trainable examples (their answers fall outside the prompt or are too long)`);
        }
        const encoded = encodeAnswerExample(generator, source.next()).encoded;
        if (encoded !== undefined) picked.push(encoded);
      }
      return promptCompletionBatch(picked);
    },
    getState: () => ({ rng: source.state }),
    setState(state) {
      source.state = (state as { rng: number }).rng;
    },
  };
  const trainer = new Trainer(answerTokenTrainable(generator.gpt), {
    maxSteps,
    learningRate,
    warmupSteps: Math.round(0.05 * maxSteps),
    weightDecay: options.weightDecay ?? 0.1,
  });
  try {
    const fit = await trainer.fit({
      train: batches,
      runDir: options.runDir === undefined ? undefined : path.join(options.runDir, 'synthetic'),
      resume: options.resume,
      tokenizer: generator.gpt.tokenizer,
      countTokens: (b) => b.x.data.length,
      progress: options.progress,
    });
    return { steps: fit.step, firstLoss: fit.firstLoss, lastLoss: fit.lastLoss };
  } finally {
    trainer.dispose();
  }
}

function distinctPassages(examples: readonly AnswerExample[]): Passage[] {
  const byId = new Map<string, Passage>();
  for (const e of examples) for (const p of e.passages) byId.set(p.id, p);
  return [...byId.values()];
}

function distinctPassageTexts(examples: readonly AnswerExample[]): string[] {
  return distinctPassages(examples).map((p) => p.text);
}
