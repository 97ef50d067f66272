import { Random } from '@tfzoo/data';
import { WordTokenizer } from '@tfzoo/tokenizers';
import { BertClassifier } from '../BertClassifier';
import type { BertClassifierOptions } from '../BertClassifierConfig';
import type { LabelledText } from '../evaluateBertClassifier';

/** The words of the toy language: w0 … w19. */
export const TOY_WORDS = Array.from({ length: 20 }, (_, i) => `w${i}`);

/** The word whose presence is the label. */
export const TOY_KEY = 'w7';

/**
 * Texts of 3–12 random toy words; label 1 iff the key word occurs. Half the texts get
 * the key word inserted, so the classes are balanced.
 */
export function toyExamples(count: number, seed: number): LabelledText[] {
  const random = new Random(seed);
  const others = TOY_WORDS.filter((w) => w !== TOY_KEY);
  return Array.from({ length: count }, () => {
    const length = 3 + random.nextInt(10);
    const words = Array.from({ length }, () => others[random.nextInt(others.length)]);
    const label = random.nextFloat() < 0.5 ? 1 : 0;
    if (label === 1) words[random.nextInt(length)] = TOY_KEY;
    return { text: words.join(' '), label };
  });
}

/** A word tokenizer over the toy language (vocabSize 27). */
export function toyTokenizer(): WordTokenizer {
  return WordTokenizer.fromTexts([TOY_WORDS.join(' ')], { minFrequency: 1 });
}

/** A small classifier for the toy language. */
export function toyClassifier(options: Partial<Omit<BertClassifierOptions, 'vocabSize'>> = {}): BertClassifier {
  return BertClassifier.create(toyTokenizer(), {
    maxLength: 16,
    hiddenSize: 16,
    numLayers: 1,
    numHeads: 2,
    intermediateSize: 32,
    dropout: 0,
    classifierDropout: 0,
    seed: 1,
    ...options,
  });
}
