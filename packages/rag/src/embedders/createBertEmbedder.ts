import { BertClassifier, trainClassifierTokenizer, type BertClassifierOptions } from '@tfzoo/bert';
import type { Tokenizer } from '@tfzoo/tokenizers';
import { BertEmbedder } from './BertEmbedder';

/** Options of {@link createBertEmbedder}: how a new encoder and its tokenizer are made. */
export interface BertEncoderOptions {
  /** The tokenizer. Default: byte-level BPE trained on the texts (no unknown tokens, any language). */
  tokenizer?: Tokenizer;
  /** Vocabulary size of the BPE trained when no tokenizer is given (at least 263). Default 4000. */
  vocabSize?: number;
  /**
   * The architecture: a `@tfzoo/bert` preset and any overrides. Default `bert-mini`
   * (2 blocks × 128, maxLength 128) with dropout 0.1, SimCSE's rate: the dropout masks
   * are the only difference between the two views of a text.
   */
  model?: Partial<Omit<BertClassifierOptions, 'vocabSize'>>;
  /** Seed of the initial weights (also of the batches when training). Default 0. */
  seed?: number;
}

/** The architecture `createBertEmbedder` uses unless `model` says otherwise. */
export const DEFAULT_BERT_ENCODER: Readonly<Partial<Omit<BertClassifierOptions, 'vocabSize'>>> = { preset: 'bert-mini', dropout: 0.1 };

/**
 * A new, untrained BERT encoder for `texts`: a tokenizer trained on them (unless one is
 * given) and a randomly initialised, seeded encoder. Mean-pooled random-encoder vectors
 * are a bag of random word vectors: the baseline that contrastive training
 * (`trainContrastiveEncoder`, which starts from exactly this encoder for the same
 * options) has to beat.
 */
export function createBertEmbedder(texts: readonly string[], options: BertEncoderOptions = {}): BertEmbedder {
  if (options.tokenizer === undefined && texts.length === 0) throw new Error('createBertEmbedder: expected texts to train the tokenizer on, got none');
  const tokenizer = options.tokenizer ?? trainClassifierTokenizer(texts, { kind: 'bpe', vocabSize: options.vocabSize ?? 4000 });
  const classifier = BertClassifier.create(tokenizer, { ...DEFAULT_BERT_ENCODER, seed: options.seed ?? 0, ...options.model });
  return new BertEmbedder(classifier);
}
