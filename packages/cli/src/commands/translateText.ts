import * as fs from 'fs';
import type { Argv } from 'yargs';
import { initBackend, writeFileAtomic } from '@tfzoo/core';
import { loadTranslator, translationAttentionSvg } from '@tfzoo/seq2seq';
import type { GlobalOptions } from '../globalOptions';

export interface TranslateTextOptions extends GlobalOptions {
  text?: string[];
  model?: string;
  beam: number;
  'length-penalty': number;
  'max-length'?: number;
  truncate: boolean;
  attention?: string;
  heads: 'mean' | 'grid';
}

/** The options of `tfzoo translate "text"` (shared by the parent command). */
export function translateTextOptions<T>(y: Argv<T>): Argv<T & TranslateTextOptions> {
  return y
    .positional('text', { type: 'string', array: true, describe: 'Sentences to translate (or - to read lines from stdin)' })
    .option('model', { type: 'string', describe: 'Translator folder: a run folder, its model/, or a checkpoint' })
    .option('beam', { type: 'number', default: 4, describe: 'Beam width; 1 = greedy' })
    .option('length-penalty', { type: 'number', default: 0.6, describe: "GNMT length penalty α (beam search only)" })
    .option('max-length', { type: 'number', describe: 'Most tokens per translation (default: what the model was trained on)' })
    .option('truncate', { type: 'boolean', default: false, describe: 'Cut sentences longer than the model reads (with a warning) instead of failing' })
    .option('attention', { type: 'string', describe: 'Write the cross-attention heatmap of the first sentence to this SVG file' })
    .option('heads', { choices: ['mean', 'grid'] as const, default: 'mean' as const, describe: 'Heatmap of the heads’ mean, or one per head' }) as unknown as Argv<T & TranslateTextOptions>;
}

/** `tfzoo translate --model DIR "text" …`: prints one translation per line. */
export async function translateText(argv: TranslateTextOptions): Promise<void> {
  let texts = argv.text ?? [];
  if (texts.length === 0) throw new Error('name a translate command (train, eval) or give --model DIR and a sentence to translate');
  if (argv.model === undefined) throw new Error('give --model DIR: the translator to use (a folder written by `tfzoo translate train`)');
  if (texts.length === 1 && texts[0] === '-') texts = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim() !== '');
  await initBackend(argv.backend, { threads: argv.threads });
  const translator = await loadTranslator(argv.model);
  try {
    const options = { beamWidth: argv.beam, lengthPenalty: argv['length-penalty'], maxLength: argv['max-length'] };
    const { maxSourceLength, sourceEos } = translator.model.config();
    const room = maxSourceLength - (sourceEos ? 1 : 0);
    texts.forEach((t, i) => {
      const n = translator.sourceTokenizer.encode(t).length;
      if (n <= room) return;
      if (!argv.truncate) throw new Error(`sentence ${i + 1} has ${n} tokens, but this model reads at most ${room}: shorten it, or pass --truncate to cut it`);
      console.error(`warning: sentence ${i + 1} has ${n} tokens; the model reads at most ${room}, so the rest is cut`);
    });
    const translations = translator.translate(texts, { ...options, longInputs: argv.truncate ? 'truncate' : 'error' });
    for (const t of translations) console.log(t);
    if (argv.attention !== undefined) {
      const { svg } = translationAttentionSvg(translator, texts[0], { ...options, heads: argv.heads, longInputs: argv.truncate ? 'truncate' : 'error' });
      await writeFileAtomic(argv.attention, svg);
      console.error(`wrote the cross-attention of sentence 1 to ${argv.attention}`);
    }
  } finally {
    translator.dispose();
  }
}
