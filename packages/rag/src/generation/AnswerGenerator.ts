import * as fs from 'fs';
import * as path from 'path';
import { GPT_FILES, loadGPT, readGPTIndex, type GPT } from '@tfzoo/gpt';
import { normalizeAnswer } from '../evaluation/answerMetrics';
import type { Passage, ScoredPassage } from '../types';
import { buildRagPrompt, resolvePromptSettings, type RagPrompt, type RagPromptSettings } from './buildRagPrompt';
import { citePassages } from './citePassages';
import { decodeExtractive } from './decodeExtractive';
import { scoreSpans } from './scoreSpans';

/**
 * How the answer is decoded.
 * - `extractive` (default): greedy, but only tokens that copy a contiguous run of whole
 *   words of a shown passage (see `decodeExtractive`), and never just an article or
 *   punctuation, so every answer is a citable span of a passage.
 * - `spans`: every whole-word span of the shown passages (up to 12 tokens, and
 *   `answerTokens − 1`) is scored by the model's length-normalised log P(span, EOS | prompt) and the
 *   best one is the answer (see `scoreSpans`): the same citable spans as `extractive`,
 *   compared as whole answers instead of chosen token by token. About 20 times slower
 *   than `extractive`; on the SQuAD split of examples/rag it scored F1 0.046 and 0.068
 *   where `extractive` scored 0.039 and 0.044 (the same two models).
 * - `free`: plain greedy generation until EOS or a line break; the answer may contain
 *   words no passage has (then it is refused as unsupported).
 */
export type AnswerDecoding = 'extractive' | 'spans' | 'free';

/** Options of {@link AnswerGenerator}. */
export interface AnswerGeneratorOptions {
  /** See {@link AnswerDecoding}. Default `extractive`. */
  decoding?: AnswerDecoding;
  /**
   * Passages scoring below this are not relevant: they are left out of the prompt, and
   * when none is left the generator refuses instead of answering. On the retriever's
   * scale (cosine, BM25 or RRF score). Default −∞: only an empty result is refused.
   */
  minScore?: number;
  /** Prompt layout: answerTokens, maxPassages, titles (see `RagPromptOptions`). */
  prompt?: Partial<RagPromptSettings>;
  /** Share of the answer's words a passage must hold to be cited when none contains the whole answer. Default 0.5. */
  minSupport?: number;
  /** What a refusal says. Default `I could not find the answer in the retrieved passages.` */
  refusal?: string;
}

/** An AnswerGenerator's settings, every default filled in (saved with the model). */
export interface AnswerGeneratorSettings {
  decoding: AnswerDecoding;
  minScore: number;
  prompt: RagPromptSettings;
  minSupport: number;
  refusal: string;
}

/** A passage an answer cites. */
export interface Citation {
  /** Its number in the prompt, as the answer text shows it: `[index]`. */
  index: number;
  passage: Passage;
  /** The score the retriever gave it. */
  score: number;
}

/** Why an answer was refused. */
export type RefusalReason =
  /** Nothing was retrieved, or no passage could be shown. */
  | 'no-passages'
  /** Every retrieved passage scored under `minScore`. */
  | 'low-score'
  /** The model's answer is empty or not found in (nor mostly shared with) any shown passage. */
  | 'unsupported';

/** What {@link AnswerGenerator.answer} returns. */
export interface AnswerResult {
  /** The answer (a span of a cited passage with extractive decoding), or the refusal text. */
  answer: string;
  /** The answer followed by its citations, `Kawann Short [1]`, or the refusal text. */
  text: string;
  /** The passages the answer cites (see `citePassages`); empty when refused. */
  citations: Citation[];
  refused: boolean;
  /** Why it was refused, or null. */
  reason: RefusalReason | null;
  /** The prompt the model read, or null when none was built. */
  prompt: string | null;
  /** What the model produced, even when it was refused as unsupported; null when the model did not run. */
  generated: string | null;
}

/** Options of one `answer` call. */
export interface AnswerCallOptions {
  /** Overrides the generator's `minScore` for this call. */
  minScore?: number;
}

/** Anything that answers a question from scored passages (what `RagPipeline` calls). */
export interface Answerer {
  answer(question: string, scored: readonly ScoredPassage[], options?: AnswerCallOptions): Promise<AnswerResult>;
}

/** Where a saved generator's settings live in `gpt.json`'s metadata. */
const METADATA_KEY = 'answerGenerator';
/**
 * Longest span `spans` decoding scores, in tokens: its cost grows with it, and SQuAD
 * answers are short (nearly all under 12 BPE tokens of the 4000-token vocabulary).
 */
const SPAN_TOKENS = 12;
const DEFAULT_REFUSAL = 'I could not find the answer in the retrieved passages.';

/**
 * A GPT that answers a question from retrieved passages, with citations, or says it
 * cannot. `answer(question, scored)`:
 *
 * 1. keeps the passages scoring at least `minScore` (refusing when none is left);
 * 2. builds the prompt (`buildRagPrompt`: numbered passages, question, `Answer:`) to fit
 *    the GPT's context window with room for the answer;
 * 3. decodes the answer greedily, by default copying a span of a shown passage;
 * 4. cites every shown passage containing the answer (`citePassages`); an answer no
 *    passage supports is refused rather than shown.
 *
 * The GPT should be trained for this prompt with `fineTuneAnswerGenerator`.
 *
 * @example
 * const generator = await AnswerGenerator.load('models/rag-generator');
 * const result = await generator.answer('Who won Super Bowl 50?', await retriever.search('Who won Super Bowl 50?', 3));
 * console.log(result.text); // e.g. "Denver Broncos [1]"
 */
export class AnswerGenerator implements Answerer {
  readonly settings: AnswerGeneratorSettings;

  constructor(
    /** The model and its tokenizer. The generator owns it: `dispose()` frees it. */
    readonly gpt: GPT,
    options: AnswerGeneratorOptions = {},
  ) {
    this.settings = resolveGeneratorSettings(options);
    if (gpt.config.blockSize <= this.settings.prompt.answerTokens) {
      throw new Error(`AnswerGenerator: the GPT's blockSize ${gpt.config.blockSize} leaves no room for a prompt besides answerTokens ${this.settings.prompt.answerTokens}`);
    }
  }

  /** The prompt this generator builds for a question and passages (best first). */
  buildPrompt(question: string, passages: readonly Passage[]): RagPrompt {
    return buildRagPrompt(question, passages, { tokenizer: this.gpt.tokenizer, maxTokens: this.gpt.config.blockSize, ...this.settings.prompt });
  }

  /** Answers `question` from `scored` (a retriever's result, best first). See the class comment. */
  async answer(question: string, scored: readonly ScoredPassage[], options: AnswerCallOptions = {}): Promise<AnswerResult> {
    const minScore = options.minScore ?? this.settings.minScore;
    if (Number.isNaN(minScore)) throw new Error('AnswerGenerator.answer: expected minScore to be a number, got NaN');
    if (scored.length === 0) return this.refuse('no-passages', null, null);
    const relevant = scored.filter((s) => s.score >= minScore);
    if (relevant.length === 0) return this.refuse('low-score', null, null);
    const prompt = this.buildPrompt(question, relevant.map((s) => s.passage));
    if (prompt.passages.length === 0) return this.refuse('no-passages', prompt.text, null);

    const generated = (await this.decode(prompt)).trim();
    const cited = generated.length > 0 ? citePassages(generated, prompt.passages, { minSupport: this.settings.minSupport }) : [];
    if (cited.length === 0) return this.refuse('unsupported', prompt.text, generated);
    const scoreOf = new Map(relevant.map((s) => [s.passage.id, s.score]));
    const citations = cited.map((p) => ({ index: p.index, passage: p.passage, score: scoreOf.get(p.passage.id)! }));
    return {
      answer: generated,
      text: `${generated} ${citations.map((c) => `[${c.index}]`).join('')}`,
      citations,
      refused: false,
      reason: null,
      prompt: prompt.text,
      generated,
    };
  }

  /**
   * Saves the GPT, its tokenizer and these settings as one folder (`saveGPT`'s, the
   * settings in `gpt.json` metadata); `AnswerGenerator.load(dir)` reads it back.
   */
  async save(dir: string, metadata: Record<string, unknown> = {}): Promise<void> {
    const { minScore, ...rest } = this.settings;
    // −∞ is not JSON; null stands for it.
    const stored = { ...rest, minScore: Number.isFinite(minScore) ? minScore : null };
    await this.gpt.save(dir, { metadata: { ...metadata, [METADATA_KEY]: stored } });
  }

  /**
   * Loads a generator saved by `save`, or any GPT folder or training run `loadGPT` reads
   * (with default settings, or `options`). `options` override the saved settings.
   */
  static async load(dir: string, options: AnswerGeneratorOptions = {}): Promise<AnswerGenerator> {
    const gpt = await loadGPT(dir);
    let saved: Partial<AnswerGeneratorOptions> = {};
    if (fs.existsSync(path.join(dir, GPT_FILES.index))) {
      const stored = (await readGPTIndex(dir)).metadata?.[METADATA_KEY] as (Omit<AnswerGeneratorOptions, 'minScore'> & { minScore?: number | null }) | undefined;
      if (stored !== undefined) saved = { ...stored, minScore: stored.minScore ?? undefined };
    }
    try {
      return new AnswerGenerator(gpt, { ...saved, ...options, prompt: { ...saved.prompt, ...options.prompt } });
    } catch (e) {
      gpt.dispose();
      throw new Error(`'${dir}': ${(e as Error).message}`);
    }
  }

  /** Frees the GPT. */
  dispose(): void {
    this.gpt.dispose();
  }

  private async decode(prompt: RagPrompt): Promise<string> {
    const maxTokens = this.settings.prompt.answerTokens - 1; // the last slot is the end-of-answer token
    if (this.settings.decoding === 'extractive' || this.settings.decoding === 'spans') {
      const sources = prompt.passages.flatMap((p) => p.spans.map(([start, end]) => prompt.ids.slice(start, end)));
      // An answer the citation rule would find empty ("the", "a") may not end there.
      const canEnd = (ids: readonly number[]) => normalizeAnswer(this.gpt.decode(ids)).length > 0;
      if (this.settings.decoding === 'spans') {
        const spanTokens = Math.min(maxTokens, SPAN_TOKENS);
        return this.gpt.decode((await scoreSpans(this.gpt, prompt.ids, sources, { maxTokens: spanTokens, canEnd }))?.ids ?? []);
      }
      const { ids } = await decodeExtractive(this.gpt, prompt.ids, sources, { maxTokens, canEnd });
      return this.gpt.decode(ids);
    }
    const { text } = await this.gpt.generate(prompt.ids, { greedy: true, maxNewTokens: maxTokens, stop: '\n', seed: 0 });
    return text;
  }

  private refuse(reason: RefusalReason, prompt: string | null, generated: string | null): AnswerResult {
    const refusal = this.settings.refusal;
    return { answer: refusal, text: refusal, citations: [], refused: true, reason, prompt, generated };
  }
}

/** Fills in defaults and checks every generator setting. */
export function resolveGeneratorSettings(options: AnswerGeneratorOptions): AnswerGeneratorSettings {
  const decoding = options.decoding ?? 'extractive';
  if (decoding !== 'extractive' && decoding !== 'spans' && decoding !== 'free') throw new Error(`AnswerGenerator: expected decoding 'extractive', 'spans' or 'free', got ${JSON.stringify(decoding)}`);
  const minScore = options.minScore ?? -Infinity;
  if (typeof minScore !== 'number' || Number.isNaN(minScore)) throw new Error(`AnswerGenerator: expected minScore to be a number, got ${JSON.stringify(minScore)}`);
  const minSupport = options.minSupport ?? 0.5;
  if (!(minSupport > 0 && minSupport <= 1)) throw new Error(`AnswerGenerator: expected minSupport in (0, 1], got ${minSupport}`);
  const refusal = options.refusal ?? DEFAULT_REFUSAL;
  if (typeof refusal !== 'string' || refusal.trim().length === 0) throw new Error(`AnswerGenerator: expected a non-empty refusal text, got ${JSON.stringify(refusal)}`);
  return { decoding, minScore, prompt: resolvePromptSettings(options.prompt ?? {}), minSupport, refusal };
}
