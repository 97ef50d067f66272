/**
 * The language models `scripts/bench.ts` compares, behind one interface: an LSTM and a GRU
 * from @tfzoo/rnn sized to the GPT's parameter count, and the GPT from @tfzoo/gpt.
 */
import * as tf from '@tensorflow/tfjs';
import type { IntMatrix } from '@tfzoo/data';
import { buildGPTModel, gptConfig, IncrementalDecoder, languageModelTrainable, type GPTConfig, type LanguageModelBatch } from '@tfzoo/gpt';
import { disposeStep, matchRnnLanguageModelSize, RnnLanguageModel, type RnnCellType, type RnnStepResult } from '@tfzoo/rnn';
import type { TrainableModel } from '@tfzoo/train';

/** The GPT's size in a benchmark; vocabSize and blockSize come from the run. */
export interface GptSize {
  nLayer: number;
  nHead: number;
  nEmbd: number;
}

/** How a model generates: the GPT with its KV cache or by recomputing the whole context, the RNN from its state. */
export type GenerationMode = 'kv-cache' | 'recompute' | 'state';

/** Generates one token at a time after a prompt. */
export interface TokenGenerator {
  /** Reads the prompt (untimed set-up). */
  start(prompt: number[]): Promise<void>;
  /** Appends one token and returns the logits for the next one. */
  next(token: number): Promise<Float32Array>;
  dispose(): void;
}

/** A language model under test. */
export interface BenchModel {
  /** `LSTM`, `GRU` or `GPT`. */
  name: string;
  /** Number of parameters. */
  params: number;
  /** Its architecture, for the report. */
  config: object;
  /** Next-token loss on x/y batches (with optional per-target weights), for the Trainer. */
  trainable: TrainableModel<LanguageModelBatch>;
  /** Logits (B, T, V) for a whole batch: the inference pass being timed. */
  logits(ids: IntMatrix): tf.Tensor3D;
  /** The ways this model can generate (the GPT: with and without its cache). */
  generationModes: GenerationMode[];
  /** A fresh generator for one mode. */
  generator(mode: GenerationMode): TokenGenerator;
  dispose(): void;
}

/** The GPT config of a run: the package defaults (the source text's post-norm GPT) at the given size. */
export function benchGptConfig(vocabSize: number, blockSize: number, size: GptSize): GPTConfig {
  return gptConfig({ vocabSize, blockSize, ...size });
}

/** The GPT from @tfzoo/gpt: its functional model, its trainable and its incremental decoder. */
export function createGptModel(config: GPTConfig): BenchModel {
  const { model, layers } = buildGPTModel(config);
  const hasCache = layers.blocks.every((b) => typeof (b as unknown as { callWithCache?: unknown }).callWithCache === 'function');
  return {
    name: 'GPT',
    params: model.countParams(),
    config,
    trainable: languageModelTrainable(model, config),
    logits: (ids) => tf.tidy(() => model.predict(tf.tensor2d(ids.data, ids.shape, 'int32')) as tf.Tensor3D),
    generationModes: hasCache ? ['kv-cache', 'recompute'] : ['recompute'],
    generator(mode) {
      if (mode === 'state') throw new Error('the GPT has no recurrent state; use kv-cache or recompute');
      const decoder = new IncrementalDecoder(layers, config.blockSize, mode === 'kv-cache');
      return {
        start: async (prompt) => void (await decoder.start(prompt)),
        next: (token) => decoder.append(token),
        dispose: () => decoder.dispose(),
      };
    },
    dispose: () => model.dispose(),
  };
}

/** An LSTM or GRU language model from @tfzoo/rnn with about `targetParams` parameters (2 layers). */
export function createRnnModel(cell: RnnCellType, vocabSize: number, targetParams: number, seed: number): BenchModel {
  const { config } = matchRnnLanguageModelSize({ cell, vocabSize, targetParams, numLayers: 2 });
  const lm = new RnnLanguageModel({ ...config, seed });
  return {
    name: cell.toUpperCase(),
    params: lm.countParams(),
    config: lm.config(),
    trainable: lm,
    logits: (ids) => lm.logits(ids),
    generationModes: ['state'],
    generator(mode) {
      if (mode !== 'state') throw new Error(`an RNN generates from its state, not with ${mode}`);
      let step: RnnStepResult | null = null;
      return {
        async start(prompt) {
          if (step) disposeStep(step);
          step = lm.start({ data: Int32Array.from(prompt), shape: [1, prompt.length] });
          await step.logits.data();
        },
        async next(token) {
          if (step === null) throw new Error('call start(prompt) before next()');
          const next = lm.next([token], step.state);
          disposeStep(step);
          step = next;
          return (await next.logits.data()) as Float32Array;
        },
        dispose() {
          if (step) disposeStep(step);
          step = null;
        },
      };
    },
    dispose: () => lm.dispose(),
  };
}

/** The GPT and the LSTM and GRU matched to its parameter count. */
export function createBenchModels(vocabSize: number, blockSize: number, size: GptSize, seed: number): BenchModel[] {
  const gpt = createGptModel(benchGptConfig(vocabSize, blockSize, size));
  return [createRnnModel('lstm', vocabSize, gpt.params, seed), createRnnModel('gru', vocabSize, gpt.params, seed + 1), gpt];
}
