import * as fs from 'fs';
import * as path from 'path';
import { assertVocabMatches, SPECIAL_TOKENS, SPECIAL_TOKEN_TEXT_BY_ID, Tokenizer, TokenizerJSON, isSpecialId, saveTokenizer } from '@tfzoo/tokenizers';
import { replaceDirectory } from '@tfzoo/train';
import type { DecodeOptions } from './decodeOptions';
import { SaveSeq2SeqOptions, writeSeq2SeqFiles } from './seq2seqFolder';
import { Seq2SeqCreateOptions, Seq2SeqTransformer } from './Seq2SeqTransformer';
import { TRANSLATOR_FILES, TRANSLATOR_FORMAT, TRANSLATOR_FORMAT_VERSION, TranslatorIndex, TranslatorTokenizersJSON, TRANSLATOR_TOKENIZERS_KIND } from './translatorFolder';

/** Options of {@link Translator.translate} and {@link Translator.attention}. */
export interface TranslateOptions extends DecodeOptions {
  /**
   * What to do with a text longer than the encoder reads (maxSourceLength tokens):
   * `'error'` (default) throws naming the text; `'truncate'` keeps its first tokens.
   */
  longInputs?: 'error' | 'truncate';
}

/** Options of {@link Translator.create}: the model's config fields (vocabulary sizes come from the tokenizers) and a seed. */
export type TranslatorCreateOptions = Omit<Seq2SeqCreateOptions, 'sourceVocabSize' | 'targetVocabSize'> & {
  /** Tokenizer of the source language. */
  sourceTokenizer: Tokenizer;
  /** Tokenizer of the target language. Default: the source tokenizer (one shared vocabulary). */
  targetTokenizer?: Tokenizer;
};

/** What {@link Translator.attention} returns: one translated sentence and where it looked. */
export interface AttentionMap {
  /** The translation. */
  translation: string;
  /** One label per source position (the columns), `<eos>` last when the model appends EOS to sources. */
  sourceTokens: string[];
  /** One label per target position (the rows): the translation's tokens, then `<eos>`. */
  targetTokens: string[];
  /** [layer][head][targetPos][sourcePos] cross-attention weights; each row sums to 1. */
  weights: number[][][][];
}

/**
 * A translation model with its tokenizers: text in, text out.
 *
 * `translate` is synchronous (the decoding loop reads a few numbers back per step, which
 * every CPU backend does synchronously); it encodes the texts, runs
 * `model.translateIds` (greedy or beam search, batched) and decodes the ids.
 *
 * The source and target tokenizers may be one object (a shared vocabulary); their
 * vocabulary sizes must match the model's. `save(dir)` writes the model, the tokenizer(s)
 * and `translator.json` as one folder; `loadTranslator(dir)` reads it back.
 *
 * @example
 * const en = BpeTokenizer.train(enTexts, { vocabSize: 4000 });
 * const fr = BpeTokenizer.train(frTexts, { vocabSize: 4000 });
 * const translator = Translator.create({ sourceTokenizer: en, targetTokenizer: fr, preset: 'small' });
 * // … train translator.model with the Trainer …
 * translator.translate(['I am hungry.'], { beamWidth: 4 }); // ['J'ai faim.']
 * await translator.save('models/en-fr');
 */
export class Translator {
  /** The target tokenizer (the same object as sourceTokenizer when shared). */
  readonly targetTokenizer: Tokenizer;

  constructor(
    /** The model; the translator does not copy it, and `dispose()` frees it. */
    readonly model: Seq2SeqTransformer,
    /** Turns source text into ids. */
    readonly sourceTokenizer: Tokenizer,
    /** Turns target ids into text. Default: the source tokenizer. */
    targetTokenizer?: Tokenizer,
  ) {
    this.targetTokenizer = targetTokenizer ?? sourceTokenizer;
    const config = model.config();
    assertVocabMatches(this.sourceTokenizer, config.sourceVocabSize, "the model's source side (sourceVocabSize)");
    assertVocabMatches(this.targetTokenizer, config.targetVocabSize, "the model's target side (targetVocabSize)");
  }

  /**
   * A translator with a new, randomly initialised model sized by the tokenizers.
   * `shareEmbeddings` defaults to true when both sides use one tokenizer.
   */
  static create(options: TranslatorCreateOptions): Translator {
    const { sourceTokenizer, targetTokenizer = sourceTokenizer, ...fields } = options;
    const shared = sourceTokenizer === targetTokenizer;
    const model = Seq2SeqTransformer.create({
      ...fields,
      shareEmbeddings: fields.shareEmbeddings ?? shared,
      sourceVocabSize: sourceTokenizer.vocabSize,
      targetVocabSize: targetTokenizer.vocabSize,
    });
    return new Translator(model, sourceTokenizer, targetTokenizer);
  }

  /** Whether source and target share one tokenizer. */
  get sharedTokenizer(): boolean {
    return this.sourceTokenizer === this.targetTokenizer;
  }

  /**
   * Source text → the ids the model reads (no special tokens). With `longInputs:
   * 'truncate'` a long text keeps its first tokens; otherwise it is an error naming it.
   */
  encodeSource(text: string, longInputs: 'error' | 'truncate' = 'error', what = 'the text'): number[] {
    if (typeof text !== 'string') throw new Error(`expected ${what} to be a string, got ${text === null ? 'null' : typeof text}`);
    const ids = this.sourceTokenizer.encode(text);
    const { maxSourceLength, sourceEos } = this.model.config();
    const room = maxSourceLength - (sourceEos ? 1 : 0);
    if (ids.length <= room) return ids;
    if (longInputs === 'truncate') return ids.slice(0, room);
    const shown = text.length > 60 ? `${JSON.stringify(text.slice(0, 57))}…` : JSON.stringify(text);
    throw new Error(`${what} ${shown} has ${ids.length} tokens, but the model reads at most ${room}; shorten it, or pass longInputs: 'truncate'`);
  }

  /**
   * Translates texts, in order (empty texts give empty translations). See
   * {@link TranslateOptions} (beam width, length penalty, maximum length, batch size).
   *
   * @example
   * translator.translate(['Hello.', 'Where is the station?'], { beamWidth: 4 });
   */
  translate(texts: readonly string[], options: TranslateOptions = {}): string[] {
    const { longInputs = 'error', ...decode } = options;
    if (!Array.isArray(texts)) throw new Error(`expected an array of texts, got ${typeof texts}`);
    const encoded = texts.map((t, i) => this.encodeSource(t, longInputs, `text ${i}`));
    const nonEmpty = encoded.map((_, i) => i).filter((i) => encoded[i].length > 0);
    const results = texts.map(() => '');
    if (nonEmpty.length === 0) return results;
    const outputs = this.model.translateIds(nonEmpty.map((i) => encoded[i]), decode);
    nonEmpty.forEach((i, k) => (results[i] = this.targetTokenizer.decode(outputs[k])));
    return results;
  }

  /**
   * Translates one text and returns the cross-attention of every decoder layer and head
   * while producing it (rows: the translation's tokens and EOS; columns: the source
   * tokens), with token labels, for an attention heatmap.
   */
  attention(text: string, options: TranslateOptions = {}): AttentionMap {
    const { longInputs = 'error', ...decode } = options;
    const source = this.encodeSource(text, longInputs);
    if (source.length === 0) throw new Error('attention: expected a text with at least one token, got an empty one');
    const [output] = this.model.translateIds([source], decode);
    const target = [...Array.from(output), SPECIAL_TOKENS.EOS];
    const weights = this.model.crossAttentionWeights(source, target);
    const sourceIds = this.model.config().sourceEos ? [...source, SPECIAL_TOKENS.EOS] : source;
    return {
      translation: this.targetTokenizer.decode(output),
      sourceTokens: sourceIds.map((id) => tokenLabel(this.sourceTokenizer, id)),
      targetTokens: target.map((id) => tokenLabel(this.targetTokenizer, id)),
      weights,
    };
  }

  /**
   * The tokenizers as one JSON record, for @tfzoo/train's `Trainer.fit({ tokenizer })`, so
   * that training checkpoints can be loaded as translators (`loadTranslator(runDir)`).
   */
  tokenizersJSON(): TranslatorTokenizersJSON {
    return {
      kind: TRANSLATOR_TOKENIZERS_KIND,
      source: this.sourceTokenizer.toJSON(),
      target: this.sharedTokenizer ? null : (this.targetTokenizer.toJSON() as TokenizerJSON),
    };
  }

  /**
   * Saves the model, the tokenizer(s) and `translator.json` as one folder, replaced
   * atomically:
   *
   *     translator.json                      format "tfzoo-translator", which tokenizer files (written last)
   *     seq2seq.json, weights.json/.bin      the model (loadSeq2SeqTransformer reads these alone)
   *     tokenizer.json                       a shared tokenizer, or
   *     source-tokenizer.json, target-tokenizer.json
   */
  async save(dir: string, options: SaveSeq2SeqOptions = {}): Promise<void> {
    await fs.promises.mkdir(path.dirname(path.resolve(dir)), { recursive: true });
    await replaceDirectory(dir, async (staging) => {
      await writeSeq2SeqFiles(this.model, staging, options);
      let tokenizers: TranslatorIndex['tokenizers'];
      if (this.sharedTokenizer) {
        tokenizers = { shared: TRANSLATOR_FILES.sharedTokenizer };
        await saveTokenizer(path.join(staging, TRANSLATOR_FILES.sharedTokenizer), this.sourceTokenizer);
      } else {
        tokenizers = { source: TRANSLATOR_FILES.sourceTokenizer, target: TRANSLATOR_FILES.targetTokenizer };
        await saveTokenizer(path.join(staging, TRANSLATOR_FILES.sourceTokenizer), this.sourceTokenizer);
        await saveTokenizer(path.join(staging, TRANSLATOR_FILES.targetTokenizer), this.targetTokenizer);
      }
      const index: TranslatorIndex = { format: TRANSLATOR_FORMAT, version: TRANSLATOR_FORMAT_VERSION, tokenizers, savedAt: new Date().toISOString() };
      await fs.promises.writeFile(path.join(staging, TRANSLATOR_FILES.index), JSON.stringify(index, null, 2) + '\n');
    });
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}

/** A readable label for one token: special tokens by name, others as the text they decode to (the vocabulary entry if that is not whole characters). */
export function tokenLabel(tokenizer: Tokenizer, id: number): string {
  if (isSpecialId(id) && id !== SPECIAL_TOKENS.UNK) return SPECIAL_TOKEN_TEXT_BY_ID[id];
  const text = tokenizer.decode([id], { keepSpecial: true });
  if (text.length > 0 && !text.includes('\uFFFD')) return text;
  return tokenizer.idToToken(id) ?? String(id);
}
