import * as fs from 'fs';
import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { initBackend, writeFileAtomic } from '@tfzoo/core';
import { groupReferences, normalizeSpaces, readSentencePairs, shuffle, type SentencePair } from '@tfzoo/data';
import { evaluateTranslations, fitTranslator, formatBleu, formatChrf, RUN_MODEL_FOLDER, SEQ2SEQ_PRESETS, Seq2SeqPresetName } from '@tfzoo/seq2seq';
import { formatDuration } from '@tfzoo/train';
import type { GlobalOptions } from '../globalOptions';

interface TranslateTrainOptions extends GlobalOptions {
  data: string;
  dev?: string;
  'source-column': number;
  'target-column': number;
  preset: Seq2SeqPresetName;
  'source-vocab': number;
  'target-vocab': number;
  'shared-vocab': boolean;
  'max-length': number;
  dropout: number;
  minutes?: number;
  'max-steps'?: number;
  'batch-size': number;
  lr: number;
  warmup: number;
  'val-pairs': number;
  'eval-every': number;
  beam: number;
  seed: number;
  out: string;
  resume: boolean;
}

/**
 * `tfzoo translate train`: a transformer translator trained on a pairs file (TSV
 * `source<TAB>target`, e.g. Tatoeba), for a number of steps or a wall-clock budget, then
 * scored on a dev file when one is given.
 */
export const translateTrainCommand: CommandModule<GlobalOptions, TranslateTrainOptions> = {
  command: 'train',
  describe: 'Train a translation transformer on a file of sentence pairs',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 translate train --data PAIRS.tsv [--dev DEV.tsv] [options]\n\n' +
          'PAIRS.tsv holds one pair per line, source<TAB>target (Tatoeba’s layout). The pairs are shuffled, ' +
          '--val-pairs of them are held out for the validation loss, BPE tokenizers are trained on the rest, and a ' +
          'transformer is trained with AdamW (warmup, then cosine decay to the end of the steps or of --minutes). ' +
          'Checkpoints, metrics.jsonl and loss.svg go to --out, the translator to <out>/model.',
      )
      .example('$0 translate train --data ../shared/data/translation/tatoeba_en_fr_train.tsv --dev ../shared/data/translation/tatoeba_en_fr_dev.tsv --minutes 60', 'the EN→FR run of examples/translation')
      .option('data', { type: 'string', demandOption: true, describe: 'Training pairs, source<TAB>target per line' })
      .option('dev', { type: 'string', describe: 'Test pairs to score BLEU and chrF on after training (rows sharing a source are its references)' })
      .option('source-column', { type: 'number', default: 0, describe: 'Column of the source sentence (swap the two to translate the other way)' })
      .option('target-column', { type: 'number', default: 1, describe: 'Column of the target sentence' })
      .option('preset', { choices: Object.keys(SEQ2SEQ_PRESETS) as Seq2SeqPresetName[], default: 'mini' as Seq2SeqPresetName, describe: 'Model size' })
      .option('source-vocab', { type: 'number', default: 4000, describe: 'Source BPE vocabulary (or the shared one)' })
      .option('target-vocab', { type: 'number', default: 4000, describe: 'Target BPE vocabulary' })
      .option('shared-vocab', { type: 'boolean', default: false, describe: 'One BPE vocabulary and embedding table for both languages' })
      .option('max-length', { type: 'number', default: 48, describe: 'Longest source and target in tokens (longer pairs are cut)' })
      .option('dropout', { type: 'number', default: 0 })
      .option('minutes', { type: 'number', describe: 'Wall-clock budget; the learning rate decays to its floor when it is spent' })
      .option('max-steps', { type: 'number', describe: 'Training steps (default 2000 without --minutes)' })
      .option('batch-size', { type: 'number', default: 64, describe: 'Sentence pairs per step' })
      .option('lr', { type: 'number', default: 1e-3, describe: 'Peak learning rate' })
      .option('warmup', { type: 'number', default: 400, describe: 'Warmup steps' })
      .option('val-pairs', { type: 'number', default: 1000, describe: 'Pairs held out for the validation loss' })
      .option('eval-every', { type: 'number', default: 500, describe: 'Validate every N steps' })
      .option('beam', { type: 'number', default: 4, describe: 'Beam width of the dev score (greedy is scored too)' })
      .option('seed', { type: 'number', default: 1 })
      .option('out', { type: 'string', default: 'runs/translation', describe: 'Run folder' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue from <out>/checkpoint' }),
  handler: async (argv) => {
    const backend = await initBackend(argv.backend, { threads: argv.threads });
    const log = (line: string) => console.log(line);
    const pairs = shuffle(readPairs(argv.data, argv['source-column'], argv['target-column']), argv.seed);
    const valCount = Math.min(argv['val-pairs'], Math.floor(pairs.length / 10));
    const valPairs = pairs.slice(pairs.length - valCount);
    const trainPairs = pairs.slice(0, pairs.length - valCount);
    log(`data: ${argv.data}: ${trainPairs.length.toLocaleString('en-US')} training pairs, ${valPairs.length} held out for validation`);
    const maxSteps = argv['max-steps'] ?? (argv.minutes !== undefined ? 10_000_000 : 2000);
    log(`training on ${backend.name}: ${argv.minutes !== undefined ? `${argv.minutes} min budget` : `${maxSteps} steps`} of ${argv['batch-size']} pairs; run folder ${argv.out} (Ctrl-C saves a checkpoint; --resume continues)`);
    const { translator, training, epochs } = await fitTranslator({
      trainPairs,
      valPairs,
      tokenizers: { sourceVocab: argv['source-vocab'], targetVocab: argv['target-vocab'], shared: argv['shared-vocab'] },
      model: { preset: argv.preset, dropout: argv.dropout, maxSourceLength: argv['max-length'], maxTargetLength: argv['max-length'], seed: argv.seed },
      batchSize: argv['batch-size'],
      seed: argv.seed,
      runDir: argv.out,
      resume: argv.resume,
      progress: { every: 20 },
      log,
      trainConfig: {
        maxSteps,
        maxSeconds: argv.minutes !== undefined ? argv.minutes * 60 : null,
        learningRate: argv.lr,
        warmupSteps: Math.min(argv.warmup, Math.max(0, maxSteps - 1)),
        beta2: 0.98,
        weightDecay: 0.01,
        evalEvery: argv['eval-every'],
        evalBatches: Math.max(1, Math.ceil(valPairs.length / argv['batch-size'])),
        restoreBestWeights: valPairs.length > 0,
      },
    });
    try {
      log(
        `trained ${training.step} steps (${training.stopReason}) in ${formatDuration(training.seconds)}: ${epochs.toFixed(2)} epochs, ` +
          `${Math.round(training.tokensPerSecond).toLocaleString('en-US')} tokens/s; best validation loss ${training.best?.value.toFixed(4) ?? 'n/a'}`,
      );
      const modelDir = path.join(argv.out, RUN_MODEL_FOLDER);
      await translator.save(modelDir);
      log(`saved the translator to ${modelDir}`);
      if (argv.dev !== undefined) {
        const dev = groupReferences(readPairs(argv.dev, argv['source-column'], argv['target-column']));
        const scores: Record<string, { bleu: number; chrf: number }> = {};
        for (const beam of argv.beam > 1 ? [1, argv.beam] : [1]) {
          const name = beam === 1 ? 'greedy' : `beam ${beam}`;
          const result = evaluateTranslations((texts) => translator.translate(texts, { beamWidth: beam, longInputs: 'truncate' }), dev);
          log(`${argv.dev} (${dev.sources.length} sources), ${name}: ${formatBleu(result.bleu)}; ${formatChrf(result.chrf)}`);
          scores[name] = { bleu: result.bleu.score, chrf: result.chrf.score };
        }
        await writeFileAtomic(path.join(argv.out, 'scores.json'), JSON.stringify({ dev: argv.dev, steps: training.step, epochs, scores }, null, 2) + '\n');
      }
      log(`translate with: npx pnpm@10 tfzoo translate --model ${argv.out} "I am hungry."`);
    } finally {
      translator.dispose();
    }
  },
};

/** Pairs from a TSV, no-break spaces normalised (French typography) so tokens are consistent. */
export function readPairs(file: string, sourceColumn: number, targetColumn: number): SentencePair[] {
  if (!fs.existsSync(file)) throw new Error(`no pairs file at '${file}'`);
  const pairs = readSentencePairs(file, { sourceColumn, targetColumn }).map((p) => ({ source: normalizeSpaces(p.source), target: normalizeSpaces(p.target) }));
  if (pairs.length === 0) throw new Error(`${file}: expected source<TAB>target pairs, found none`);
  return pairs;
}
