/**
 * English → French on Tatoeba: a transformer encoder-decoder (or the LSTM baseline)
 * trained for a fixed wall-clock budget, then scored with corpus BLEU and chrF on the dev
 * set (rows sharing an English sentence are the references of one source), with greedy
 * and beam-search decoding, a few printed translations and a cross-attention heatmap.
 *
 *     npx tsx examples/translation/src/main.ts --model transformer --minutes 60
 *     npx tsx examples/translation/src/main.ts --model lstm --minutes 60
 *     node packages/cli/bin/tfzoo.js translate --model runs/translation-transformer/model "I am hungry."
 */
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { initBackend } from '@tfzoo/core';
import { SEQ2SEQ_PRESETS, Seq2SeqPresetName, Translator, evaluateTranslations, formatBleu, formatChrf, translationAttentionSvg } from '@tfzoo/seq2seq';
import { formatDuration } from '@tfzoo/train';
import { loadMultiReferenceSet, loadTrainingPairs } from './tatoeba';
import { ModelKind, trainModel } from './translationModels';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const DATA_DIR = path.join(REPO_ROOT, '../shared/data/translation');

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .usage('$0 [options]\n\nTrains an EN→FR translation model on Tatoeba for a time budget, then reports BLEU and chrF on the dev set.')
    .option('train', { type: 'string', default: path.join(DATA_DIR, 'tatoeba_en_fr_train.tsv'), describe: 'English<TAB>French training pairs' })
    .option('dev', { type: 'string', default: path.join(DATA_DIR, 'tatoeba_en_fr_dev.tsv'), describe: 'English<TAB>French test pairs (same English = several references)' })
    .option('model', { choices: ['transformer', 'lstm'] as const, default: 'transformer' as ModelKind })
    .option('minutes', { type: 'number', default: 60, describe: 'Training budget (wall clock, validation included)' })
    .option('max-steps', { type: 'number', describe: 'Stop after this many steps even if time is left' })
    .option('preset', { choices: Object.keys(SEQ2SEQ_PRESETS) as Seq2SeqPresetName[], default: 'mini' as Seq2SeqPresetName, describe: 'Transformer size' })
    .option('lstm-hidden', { type: 'number', default: 256 })
    .option('lstm-layers', { type: 'number', default: 2 })
    .option('source-vocab', { type: 'number', default: 4000, describe: 'English BPE vocabulary' })
    .option('target-vocab', { type: 'number', default: 4000, describe: 'French BPE vocabulary' })
    .option('max-length', { type: 'number', default: 48, describe: 'Longest source / target in tokens (longer ones are cut)' })
    .option('batch-size', { type: 'number', default: 64, describe: 'Sentence pairs per step' })
    .option('lr', { type: 'number', default: 1e-3 })
    .option('warmup', { type: 'number', default: 400 })
    .option('dropout', { type: 'number', default: 0 })
    .option('val-pairs', { type: 'number', default: 2000, describe: 'Training pairs held out for the validation loss' })
    .option('max-pairs', { type: 'number', describe: 'Use only this many training pairs (quick runs)' })
    .option('eval-every', { type: 'number', default: 500 })
    .option('beam', { type: 'number', default: 4, describe: 'Beam width for the beam-search score' })
    .option('length-penalty', { type: 'number', default: 0.6 })
    .option('dev-limit', { type: 'number', describe: 'Score only the first N dev sources (quick runs)' })
    .option('show', { type: 'number', default: 8, describe: 'Translations to print' })
    .option('seed', { type: 'number', default: 1 })
    .option('out', { type: 'string', describe: 'Run folder (default runs/translation-<model>)' })
    .option('resume', { type: 'boolean', default: false })
    .option('backend', { type: 'string', describe: 'tfjs backend (default: best available)' })
    .strict()
    .help()
    .parseAsync();

  const kind = argv.model as ModelKind;
  const out = argv.out ?? path.join('runs', `translation-${kind}`);
  const backend = await initBackend(argv.backend);
  fs.mkdirSync(out, { recursive: true });

  // Data: shuffle (the file is sorted by length), hold out the last pairs for the validation loss.
  let pairs = loadTrainingPairs(argv.train, argv.seed);
  if (argv['max-pairs'] !== undefined) pairs = pairs.slice(0, argv['max-pairs'] + argv['val-pairs']);
  const valPairs = pairs.slice(pairs.length - argv['val-pairs']);
  const trainPairs = pairs.slice(0, pairs.length - argv['val-pairs']);
  const dev = loadMultiReferenceSet(argv.dev);
  if (argv['dev-limit'] !== undefined) {
    dev.sources = dev.sources.slice(0, argv['dev-limit']);
    dev.references = dev.references.slice(0, argv['dev-limit']);
  }
  const multi = dev.references.filter((r) => r.length > 1).length;
  console.log(`data: ${trainPairs.length.toLocaleString('en-US')} training pairs, ${valPairs.length} validation pairs; dev: ${dev.sources.length} English sentences (${multi} with several references)`);

  const log = (line: string) => console.log(line);
  console.log(`training: ${kind}, ${argv.minutes} min budget, batches of ${argv['batch-size']} pairs, AdamW lr ${argv.lr} (warmup ${argv.warmup}, cosine to the end of the budget), on ${backend.name}; run folder ${out}`);
  const model = await trainModel(
    kind,
    trainPairs,
    valPairs,
    {
      preset: argv.preset,
      lstmHidden: argv['lstm-hidden'],
      lstmLayers: argv['lstm-layers'],
      sourceVocab: argv['source-vocab'],
      targetVocab: argv['target-vocab'],
      dropout: argv.dropout,
      maxLength: argv['max-length'],
      lengthPenalty: argv['length-penalty'],
      seed: argv.seed,
    },
    {
      batchSize: argv['batch-size'],
      seed: argv.seed,
      runDir: out,
      resume: argv.resume,
      progress: { every: 20 },
      trainConfig: {
        maxSteps: argv['max-steps'] ?? 10_000_000,
        maxSeconds: argv.minutes * 60,
        learningRate: argv.lr,
        warmupSteps: argv.warmup,
        beta2: 0.98,
        weightDecay: 0.01,
        evalEvery: argv['eval-every'],
        evalBatches: Math.ceil(valPairs.length / argv['batch-size']),
        restoreBestWeights: true,
      },
    },
    log,
  );
  const training = model.training;
  console.log(`model: ${model.describe}; ${(model.parameters / 1e6).toFixed(2)}M parameters`);
  const epochs = model.epochs;
  console.log(
    `\ntrained ${training.step} steps (${training.stopReason}) in ${formatDuration(training.seconds)}: ${epochs.toFixed(2)} epochs, ` +
      `${Math.round(training.tokensPerSecond).toLocaleString('en-US')} tokens/s; best validation loss ${training.best?.value.toFixed(4)} at step ${training.best?.step}`,
  );

  // Scores on the dev set: greedy, then beam search (the transformer only).
  const scores: Record<string, unknown> = {};
  const decoders = kind === 'transformer' ? [1, argv.beam] : [1];
  let hypotheses: string[] = [];
  for (const beam of decoders) {
    const name = beam === 1 ? 'greedy' : `beam${beam}`;
    const result = evaluateTranslations((texts) => model.translate(texts, beam), dev, {
      onProgress: (done, total) => process.stdout.write(`\r${name}: ${done}/${total} sentences`),
    });
    process.stdout.write('\n');
    console.log(`${name}: ${formatBleu(result.bleu)}; ${formatChrf(result.chrf)}; ${result.seconds.toFixed(1)} s`);
    scores[name] = { bleu: result.bleu.score, chrf: result.chrf.score, bleuDetail: formatBleu(result.bleu), seconds: result.seconds };
    hypotheses = result.hypotheses;
    fs.writeFileSync(path.join(out, `dev-${name}.txt`), result.hypotheses.join('\n') + '\n');
  }
  console.log('\nsome translations (last decoder):');
  for (let i = 0; i < Math.min(argv.show, dev.sources.length); i++) {
    console.log(`  EN  ${dev.sources[i]}\n  MT  ${hypotheses[i]}\n  REF ${dev.references[i].join('  |  ')}\n`);
  }

  const modelDir = path.join(out, 'model');
  await model.save(modelDir);
  if (model.translator !== null) writeAttentionMaps(model.translator, out, 'Where is the train station?');
  const summary = {
    model: kind,
    describe: model.describe,
    parameters: model.parameters,
    backend: backend.name,
    minutes: argv.minutes,
    steps: training.step,
    stopReason: training.stopReason,
    epochs,
    trainingSeconds: training.seconds,
    tokensPerSecond: training.tokensPerSecond,
    bestValLoss: training.best?.value ?? null,
    devSources: dev.sources.length,
    scores,
    settings: { ...argv, _: undefined, $0: undefined },
  };
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(`saved the model to ${modelDir} and the scores to ${path.join(out, 'results.json')}`);
  model.dispose();
}

function writeAttentionMaps(translator: Translator, out: string, sentence: string): void {
  for (const heads of ['mean', 'grid'] as const) {
    const { translation, svg } = translationAttentionSvg(translator, sentence, { heads });
    const file = path.join(out, heads === 'mean' ? 'attention.svg' : 'attention-heads.svg');
    fs.writeFileSync(file, svg);
    console.log(`cross-attention of "${sentence}" → "${translation}" (${heads === 'mean' ? 'mean of the heads' : 'each head'}): ${file}`);
  }
}

main().catch((e) => {
  console.error(`translation: ${process.env.TFZOO_DEBUG ? (e as Error).stack : (e as Error).message}`);
  process.exit(1);
});
