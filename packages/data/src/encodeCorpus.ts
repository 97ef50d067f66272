import type { Tokenizer } from '@tfzoo/tokenizers';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { validateIds } from '@tfzoo/tokenizers';
import { Int32ArrayBuilder } from './Int32ArrayBuilder';
import type { RaggedInt32Array } from './RaggedInt32Array';
import { RaggedInt32Builder } from './RaggedInt32Builder';

/** Options for {@link encodeText}. */
export interface EncodeTextOptions {
  /** Lines handed to the tokenizer per call. Default 10,000. */
  linesPerChunk?: number;
}

/**
 * Encodes a whole corpus into one token stream for language modelling.
 *
 * The text goes to the tokenizer in chunks of `linesPerChunk` lines, so a large
 * file never needs its ids as one JS number[] (the stream is built in an
 * Int32Array). A chunk always ends after a run of newlines, never inside a
 * line, so char and word tokenizers give exactly the ids of a single
 * `encode(text)`, and BPE tokenizers whose pre-tokenizer splits at newlines
 * (GPT-2 style) do too. Every id is checked to lie in [0, vocabSize).
 */
export function encodeText(tokenizer: Tokenizer, text: string, options: EncodeTextOptions = {}): Int32Array {
  const linesPerChunk = options.linesPerChunk ?? 10_000;
  if (!Number.isInteger(linesPerChunk) || linesPerChunk < 1) throw new Error(`expected linesPerChunk >= 1, got ${linesPerChunk}`);
  const out = new Int32ArrayBuilder(Math.max(1024, text.length >> 1));
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = start;
    let lines = 0;
    while (lines < linesPerChunk) {
      const nl = text.indexOf('\n', end);
      if (nl < 0) {
        end = text.length;
        break;
      }
      end = nl + 1;
      lines += 1;
    }
    // Keep a run of blank lines in one chunk: some tokenizers merge "\n\n".
    while (end < text.length && (text[end] === '\n' || (text[end] === '\r' && text[end + 1] === '\n'))) {
      end += text[end] === '\n' ? 1 : 2;
      lines += 1;
    }
    const ids = tokenizer.encode(text.slice(start, end));
    validateIds(ids, tokenizer.vocabSize, `in the chunk starting at line ${line}`);
    out.append(ids);
    start = end;
    line += lines;
  }
  return out.build();
}

/** Options for {@link encodeLines}. */
export interface EncodeLinesOptions {
  /** Put BOS before each line. Default false. */
  bos?: boolean;
  /** Put EOS after each line, so a model learns where sentences end. Default true. */
  eos?: boolean;
}

/**
 * Encodes independent lines (sentences, documents) into one stream for
 * language modelling, separated by EOS (and/or preceded by BOS), as GPT-2
 * separates documents with `<|endoftext|>`.
 */
export function encodeLines(tokenizer: Tokenizer, lines: readonly string[], options: EncodeLinesOptions = {}): Int32Array {
  const bos = options.bos ?? false;
  const eos = options.eos ?? true;
  const out = new Int32ArrayBuilder();
  for (let i = 0; i < lines.length; i++) {
    const ids = tokenizer.encode(lines[i]);
    validateIds(ids, tokenizer.vocabSize, `in line ${i}`);
    if (bos) out.push(SPECIAL_TOKENS.BOS);
    out.append(ids);
    if (eos) out.push(SPECIAL_TOKENS.EOS);
  }
  return out.build();
}

/**
 * Encodes each text separately into a {@link RaggedInt32Array} (no special
 * tokens added: the batchers add BOS/EOS/CLS/SEP where a model needs them),
 * for classification and sequence-to-sequence datasets.
 */
export function encodeEach(tokenizer: Tokenizer, texts: readonly string[]): RaggedInt32Array {
  const out = new RaggedInt32Builder();
  for (let i = 0; i < texts.length; i++) {
    const ids = tokenizer.encode(texts[i]);
    validateIds(ids, tokenizer.vocabSize, `in text ${i}`);
    out.push(ids);
  }
  return out.build();
}
