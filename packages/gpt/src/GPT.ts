import * as tf from '@tensorflow/tfjs';
import { assertVocabMatches, SPECIAL_TOKENS, Tokenizer, validateIds } from '@tfzoo/tokenizers';
import type { FitResult, TrainableModel } from '@tfzoo/train';
import { buildGPTModel, GPTLayers, gptLayersOf } from './buildGPTModel';
import { fineTune, FineTuneOptions } from './fineTune';
import { checkGPTConfig, GPTConfig } from './GPTConfig';
import { GenerateOptions, GeneratedToken, GenerationResult, generateTokens } from './generateTokens';
import { LanguageModelBatch, languageModelTrainable } from './languageModelTrainable';
import { tokenNegativeLogLikelihoods } from './nextTokenLoss';
import type { PromptCompletion } from './promptCompletionBatch';
import { saveGPT, SaveGPTOptions } from './saveGPT';

/** Options of {@link GPT.perplexity}. */
export interface PerplexityOptions {
  /**
   * Window step. Default blockSize: non-overlapping windows, each token predicted from the
   * tokens before it in its window (as nanoGPT's evaluation). A smaller stride gives every
   * scored token more context (a sliding window) at proportionally more compute.
   */
  stride?: number;
  /** Windows per forward pass. Default 16. */
  batchSize?: number;
}

/** What {@link GPT.evaluateText} returns. */
export interface TextScore {
  /** exp(loss). */
  perplexity: number;
  /** Mean next-token cross-entropy in nats. */
  loss: number;
  /** Number of predicted tokens (all but the first). */
  tokens: number;
}

/**
 * A decoder-only transformer language model with its tokenizer: nanoGPT's `GPT` on
 * TensorFlow.js, built from @tfzoo/layers.
 *
 * - `generate` / `generateStream`: text from a prompt (greedy, temperature, top-k, top-p;
 *   seeded; KV cache; stop strings; prompts longer than the context keep their end).
 * - `perplexity`, `evaluateText`: how well it predicts a text.
 * - `trainable()`: the model as @tfzoo/train's `TrainableModel` (next-token cross-entropy),
 *   see `trainLanguageModel`; `fineTune(pairs)` on (prompt, completion) pairs.
 * - `save(dir)` / `loadGPT(dir)`: one folder with the model, its weights, config and tokenizer.
 *
 * @example
 * const tokenizer = CharTokenizer.fromTexts(text);
 * const gpt = new GPT(gptConfig({ vocabSize: tokenizer.vocabSize }, 'nano'), tokenizer);
 * await trainLanguageModel(gpt, { trainIds, valIds, trainConfig: { maxSteps: 500 } });
 * const { text } = await gpt.generate('ROMEO:', { maxNewTokens: 200, topK: 10, seed: 1 });
 * await gpt.save('models/shakespeare');
 */
export class GPT {
  /** The architecture (checked). */
  readonly config: GPTConfig;
  /** The functional model: token ids (B, T) → logits (B, T, vocabSize). */
  readonly model: tf.LayersModel;
  /** The layers of `model`, for code that runs them one by one. */
  readonly layers: GPTLayers;

  /**
   * A new, randomly initialised GPT (or one around an existing model, e.g. loaded).
   * The tokenizer's vocabSize must equal `config.vocabSize`.
   */
  constructor(
    config: GPTConfig,
    /** Turns text into ids and back; saved with the model. */
    readonly tokenizer: Tokenizer,
    model?: tf.LayersModel,
  ) {
    this.config = checkGPTConfig(config);
    assertVocabMatches(tokenizer, this.config.vocabSize, `GPT (vocabSize ${this.config.vocabSize})`);
    if (model) {
      this.model = model;
      this.layers = gptLayersOf(model, this.config);
    } else {
      ({ model: this.model, layers: this.layers } = buildGPTModel(this.config));
    }
  }

  /** Number of weights. */
  countParams(): number {
    return this.model.countParams();
  }

  /**
   * Text to ids, refusing text the tokenizer cannot represent (it would become UNK):
   * `prompt has characters the tokenizer never saw: "é" (at 3)`.
   */
  encode(text: string, what = 'text'): number[] {
    const ids = this.tokenizer.encode(text);
    if (ids.includes(SPECIAL_TOKENS.UNK)) {
      // Each unknown character once, at its first position (for a char tokenizer that is the whole story).
      const unknown = new Map<string, number>();
      let offset = 0;
      for (const ch of text) {
        if (!unknown.has(ch) && this.tokenizer.encode(ch).includes(SPECIAL_TOKENS.UNK)) unknown.set(ch, offset);
        offset += ch.length;
      }
      const shown = [...unknown].slice(0, 8).map(([ch, at]) => `${JSON.stringify(ch)} (at ${at})`);
      const more = unknown.size > 8 ? ` and ${unknown.size - 8} more` : '';
      const detail = unknown.size > 0 ? `characters the tokenizer never saw: ${shown.join(', ')}${more}` : 'words the tokenizer does not know';
      throw new Error(`${what} has ${detail}; the ${this.tokenizer.kind} tokenizer has ${this.tokenizer.vocabSize} ids`);
    }
    return ids;
  }

  /** Ids to text (special ids skipped). */
  decode(ids: ArrayLike<number>): string {
    return this.tokenizer.decode(ids);
  }

  /**
   * Logits for token ids (B, T) with T ≤ blockSize: (B, T, vocabSize); logits[b, t]
   * predicts the token after ids[b, t]. Dropout off. The caller disposes the result.
   */
  logits(ids: tf.Tensor2D | readonly (readonly number[])[]): tf.Tensor3D {
    return tf.tidy(() => {
      const x = ids instanceof tf.Tensor ? ids : tf.tensor2d(ids.map((r) => [...r]), undefined, 'int32');
      if (x.rank !== 2) throw new Error(`expected token ids of shape (batch, length), got shape [${x.shape}]`);
      if (x.shape[1] > this.config.blockSize) throw new Error(`expected at most blockSize = ${this.config.blockSize} tokens per row, got ${x.shape[1]}`);
      return this.model.apply(tf.cast(x, 'int32'), { training: false }) as tf.Tensor3D;
    });
  }

  /**
   * Generates a continuation of `prompt` (text, or ids). The prompt is cropped to its last
   * blockSize tokens; generation may run past the context window. See {@link GenerateOptions}.
   *
   * @example
   * const { text } = await gpt.generate('ROMEO:', { maxNewTokens: 200, temperature: 0.8, topK: 10, seed: 42 });
   * await gpt.generate('ROMEO:', { onToken: (t) => process.stdout.write(t.text) });
   */
  async generate(prompt: string | readonly number[], options: GenerateOptions = {}): Promise<GenerationResult> {
    const tokens = this.generateStream(prompt, options);
    for (;;) {
      const next = await tokens.next();
      if (next.done) return next.value;
    }
  }

  /**
   * The same as `generate`, as an async iterator of tokens (its return value is the
   * GenerationResult). Leaving the loop early frees the KV cache.
   *
   * @example
   * for await (const token of gpt.generateStream('ROMEO:', { maxNewTokens: 100 })) process.stdout.write(token.text);
   */
  generateStream(prompt: string | readonly number[], options: GenerateOptions = {}): AsyncGenerator<GeneratedToken, GenerationResult, void> {
    const ids = this.promptIds(prompt);
    return generateTokens(this.layers, this.config.blockSize, this.tokenizer, ids, options);
  }

  /** Perplexity exp(mean −log P(tᵢ | t<ᵢ)) of a text under the model. */
  async perplexity(text: string, options: PerplexityOptions = {}): Promise<number> {
    return (await this.evaluateText(text, options)).perplexity;
  }

  /**
   * Mean next-token loss and perplexity of a text: every token after the first is scored
   * once, from up to blockSize tokens of context (see {@link PerplexityOptions.stride}).
   */
  async evaluateText(text: string | ArrayLike<number>, options: PerplexityOptions = {}): Promise<TextScore> {
    const ids = typeof text === 'string' ? this.encode(text, 'the text') : Array.from(text);
    validateIds(ids, this.config.vocabSize, 'in the text');
    if (ids.length < 2) throw new Error(`expected a text of at least 2 tokens to score, got ${ids.length}`);
    const T = this.config.blockSize;
    const stride = options.stride ?? T;
    const batchSize = options.batchSize ?? 16;
    if (!Number.isInteger(stride) || stride < 1 || stride > T) throw new Error(`expected stride in [1, ${T}], got ${stride}`);
    // Window w covers ids[s, e) with e = min(s + T + 1, n); it scores the targets not scored
    // by the window before it (the first window scores all of its own).
    const windows: { start: number; end: number; firstScored: number }[] = [];
    let scoredUpTo = 1; // next target index not yet scored
    for (let start = 0; scoredUpTo < ids.length; start += stride) {
      const end = Math.min(start + T + 1, ids.length);
      windows.push({ start, end, firstScored: scoredUpTo });
      scoredUpTo = end;
    }
    let total = 0;
    let count = 0;
    for (let i = 0; i < windows.length; i += batchSize) {
      const group = windows.slice(i, i + batchSize);
      const L = Math.max(...group.map((w) => w.end - w.start - 1));
      const x = new Int32Array(group.length * L);
      const y = new Int32Array(group.length * L);
      const weight = new Float32Array(group.length * L);
      group.forEach((w, b) => {
        for (let t = 0; t < w.end - w.start - 1; t++) {
          x[b * L + t] = ids[w.start + t];
          y[b * L + t] = ids[w.start + t + 1];
          if (w.start + t + 1 >= w.firstScored) weight[b * L + t] = 1;
        }
      });
      const sum = tf.tidy(() => {
        const logits = this.model.apply(tf.tensor2d(x, [group.length, L], 'int32'), { training: false }) as tf.Tensor3D;
        const nll = tokenNegativeLogLikelihoods(logits, tf.tensor2d(y, [group.length, L], 'int32'));
        return tf.sum(tf.mul(nll, tf.tensor2d(weight, [group.length, L])));
      });
      total += (await sum.data())[0];
      sum.dispose();
      count += weight.reduce((a, b) => a + b, 0);
    }
    const loss = total / count;
    return { perplexity: Math.exp(loss), loss, tokens: count };
  }

  /**
   * Fine-tunes on (prompt, completion) pairs; only completion tokens count in the loss.
   * See {@link fineTune}.
   */
  async fineTune(pairs: readonly PromptCompletion[], options: FineTuneOptions = {}): Promise<FitResult> {
    return fineTune(this, pairs, options);
  }

  /** The model as @tfzoo/train's TrainableModel (weights by layer name; next-token cross-entropy). */
  trainable(): TrainableModel<LanguageModelBatch> {
    return languageModelTrainable(this.model, this.config);
  }

  /**
   * Saves the model, its config and its tokenizer as one folder (see `saveGPT`);
   * `loadGPT(dir)` loads it back.
   */
  async save(dir: string, options: SaveGPTOptions = {}): Promise<void> {
    await saveGPT(this, dir, options);
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }

  /** Prompt text or ids → checked ids (not yet cropped). */
  private promptIds(prompt: string | readonly number[]): number[] {
    const ids = typeof prompt === 'string' ? this.encode(prompt, 'the prompt') : [...prompt];
    if (ids.length === 0) {
      throw new Error('the prompt is empty: give at least one token to continue from (for unconditioned text, start from a newline, as nanoGPT does)');
    }
    validateIds(ids, this.config.vocabSize, 'in the prompt');
    return ids;
  }
}
