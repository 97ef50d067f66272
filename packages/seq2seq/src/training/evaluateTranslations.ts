import type { ReferenceSet } from '@tfzoo/data';
import { BleuOptions, BleuScore, ChrfScore, corpusBleu, corpusChrf } from '../evaluation';

/** What {@link evaluateTranslations} returns. */
export interface TranslationScores {
  bleu: BleuScore;
  chrf: ChrfScore;
  /** One translation per source, in order. */
  hypotheses: string[];
  /** Seconds spent translating. */
  seconds: number;
}

/**
 * Translates every source with `translate` (in chunks, so a progress callback can
 * report) and scores the result against all references: corpus BLEU (sacrebleu's
 * defaults: 13a tokens, exp smoothing) and chrF2.
 */
export function evaluateTranslations(
  translate: (texts: string[]) => string[],
  set: ReferenceSet,
  options: { chunkSize?: number; bleu?: BleuOptions; onProgress?: (done: number, total: number) => void } = {},
): TranslationScores {
  if (set.sources.length === 0) throw new Error('no sentences to evaluate: the reference set is empty');
  if (set.references.length !== set.sources.length) {
    throw new Error(`expected one reference list per source (${set.sources.length}), got ${set.references.length}`);
  }
  const chunk = options.chunkSize ?? 64;
  const started = performance.now();
  const hypotheses: string[] = [];
  for (let i = 0; i < set.sources.length; i += chunk) {
    const part = set.sources.slice(i, i + chunk);
    const out = translate([...part]);
    if (out.length !== part.length) throw new Error(`translate returned ${out.length} translations for ${part.length} texts`);
    hypotheses.push(...out);
    options.onProgress?.(hypotheses.length, set.sources.length);
  }
  const seconds = (performance.now() - started) / 1000;
  return { bleu: corpusBleu(hypotheses, set.references, options.bleu), chrf: corpusChrf(hypotheses, set.references), hypotheses, seconds };
}
