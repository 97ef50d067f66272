import { Random } from '@tfzoo/data';
import { SPECIAL_TOKENS, Tokenizer } from '@tfzoo/tokenizers';
import type { GPTLayers } from './buildGPTModel';
import { createSampler, SamplerName, SamplerOptions, samplerFor } from './createSampler';
import { IncrementalDecoder } from './IncrementalDecoder';
import { Sampler } from './Sampler';
import { TokenTextStream } from './TokenTextStream';

/**
 * Special ids generation never produces by default: they never follow text in training
 * (PAD, BOS, CLS, SEP, MASK) or stand for text the model cannot spell (UNK). EOS is
 * allowed: it ends generation.
 */
export const DEFAULT_SUPPRESSED_TOKENS: readonly number[] = [
  SPECIAL_TOKENS.PAD,
  SPECIAL_TOKENS.UNK,
  SPECIAL_TOKENS.BOS,
  SPECIAL_TOKENS.CLS,
  SPECIAL_TOKENS.SEP,
  SPECIAL_TOKENS.MASK,
];

/** Options of `GPT.generate` and `GPT.generateStream`. */
export interface GenerateOptions extends SamplerOptions {
  /** How many tokens to generate at most. Default 100. */
  maxNewTokens?: number;
  /** Always take the most likely token (same as temperature 0). Default false. */
  greedy?: boolean;
  /** A sampler (or its name) instead of the one greedy/topK/topP/temperature describe. */
  sampler?: Sampler | SamplerName;
  /** Seed of the sampling random numbers: the same seed, model and prompt give the same text. Default: random. */
  seed?: number;
  /** Strings that end generation; the text stops before them. */
  stop?: string | readonly string[];
  /** End when the model produces EOS (not part of the text). Default true. */
  stopAtEos?: boolean;
  /** Ids never sampled (logit set to −∞). Default {@link DEFAULT_SUPPRESSED_TOKENS}. */
  suppressTokens?: readonly number[];
  /** Use the KV cache (faster, same tokens). Default true. */
  useCache?: boolean;
  /** Called with each token as it is generated (before the next is computed). */
  onToken?: (token: GeneratedToken) => void | Promise<void>;
}

/** One generated token. */
export interface GeneratedToken {
  /** The token id. */
  id: number;
  /** 0 for the first generated token. */
  index: number;
  /**
   * Text this token makes final (often the token's own text; empty while text is held
   * back, e.g. half of a UTF-8 character or a possible start of a stop string).
   */
  text: string;
}

/** Why generation ended. */
export type GenerationStopReason = 'maxNewTokens' | 'eos' | 'stop';

/** What `GPT.generate` returns. */
export interface GenerationResult {
  /** The generated text (without the prompt, an EOS or a stop string). */
  text: string;
  /** The generated ids, including a final EOS or the tokens of a stop string. */
  ids: number[];
  /** The prompt ids the model was conditioned on (the last blockSize tokens of the prompt). */
  promptIds: number[];
  stopReason: GenerationStopReason;
  /** Wall time, prompt included. */
  seconds: number;
}

/**
 * The generation loop: prefill the prompt, then repeatedly sample a token, emit it and run
 * it through the model. An async generator so callers can stream (`for await`) and stop
 * early (`break` frees the KV cache). Its return value is the {@link GenerationResult}.
 */
export async function* generateTokens(
  layers: GPTLayers,
  blockSize: number,
  tokenizer: Tokenizer,
  promptIds: readonly number[],
  options: GenerateOptions = {},
): AsyncGenerator<GeneratedToken, GenerationResult, void> {
  const started = performance.now();
  const maxNewTokens = options.maxNewTokens ?? 100;
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new Error(`expected maxNewTokens to be an integer >= 0, got ${JSON.stringify(maxNewTokens)}`);
  const sampler = chooseSampler(options);
  const random = new Random(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  const suppressed = options.suppressTokens ?? DEFAULT_SUPPRESSED_TOKENS;
  const stopAtEos = options.stopAtEos ?? true;
  const stream = new TokenTextStream(tokenizer, typeof options.stop === 'string' ? [options.stop] : (options.stop ?? []));
  const decoder = new IncrementalDecoder(layers, blockSize, options.useCache ?? true);
  const ids: number[] = [];
  let stopReason: GenerationStopReason = 'maxNewTokens';
  try {
    if (maxNewTokens > 0) {
      let logits = await decoder.start(promptIds);
      for (let index = 0; index < maxNewTokens; index++) {
        for (const id of suppressed) if (id >= 0 && id < logits.length) logits[id] = -Infinity;
        const id = sampler.sample(logits, random);
        ids.push(id);
        const last = index + 1 === maxNewTokens;
        let text: string;
        if (stopAtEos && id === SPECIAL_TOKENS.EOS) {
          stopReason = 'eos';
          text = stream.finish(); // text held back (a possible stop string that never completed) is output after all
        } else {
          const delta = stream.push(id);
          if (delta.stopped) stopReason = 'stop';
          text = delta.text + (last && !delta.stopped ? stream.finish() : '');
        }
        const token: GeneratedToken = { id, index, text };
        await options.onToken?.(token);
        yield token;
        if (stopReason !== 'maxNewTokens' || last) break;
        logits = await decoder.append(id);
      }
    }
    return {
      text: stream.text,
      ids,
      promptIds: promptIds.slice(-blockSize),
      stopReason,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    decoder.dispose();
  }
}

function chooseSampler(options: GenerateOptions): Sampler {
  if (options.sampler instanceof Sampler) return options.sampler;
  if (typeof options.sampler === 'string') return createSampler(options.sampler, options);
  return samplerFor(options);
}
