/**
 * A BERT-style sentiment classifier trained from scratch on movie-review sentences
 * (rt-polarity) or product/movie/restaurant reviews (UCI sentences), with and without
 * masked-language-model pre-training on the unlabelled training texts.
 *
 *     npx tsc -b && npx tsx examples/sentiment/src/main.ts                   # rt-polarity, both runs
 *     npx tsx examples/sentiment/src/main.ts --dataset uci --mode pretrain
 *     node packages/cli/bin/tfzoo.js bert predict --model runs/sentiment-rt "a gorgeous, witty film"
 */
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatClassificationReport, trainClassifierTokenizer, type BertPresetName } from '@tfzoo/bert';
import { initBackend } from '@tfzoo/core';
import { readLabelledText, trainValSplit } from '@tfzoo/data';
import { resultsTable, runSentiment, type RunResult, type RunSettings } from './sentimentRun';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const DATA_DIR = path.join(REPO_ROOT, '../shared/data/sentiment');
const DATASETS = {
  rt: { train: 'rt_polarity_train.tsv', test: 'rt_polarity_test.tsv', other: 'uci_sentences_train.tsv' },
  uci: { train: 'uci_sentences_train.tsv', test: 'uci_sentences_test.tsv', other: 'rt_polarity_train.tsv' },
} as const;

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .usage('$0 [options]\n\nTrains and evaluates a BERT-style sentiment classifier, with and without MLM pre-training.')
    .option('dataset', { choices: ['rt', 'uci'] as const, default: 'rt' as const, describe: 'Which sentiment data set (sets the default files)' })
    .option('train', { type: 'string', describe: 'Labelled training TSV (text, label); 10 % of it becomes the validation set' })
    .option('test', { type: 'string', describe: 'Labelled test TSV' })
    .option('unlabelled', { type: 'array', string: true, describe: 'More texts for MLM pre-training (only their text column is read; default: the other data set\'s training file)' })
    .option('mode', { choices: ['compare', 'scratch', 'pretrain'] as const, default: 'compare' as const, describe: 'Train from scratch, with MLM pre-training, or both on the same split and budget' })
    .option('tokenizer', { choices: ['word', 'bpe'] as const, default: 'word' as const })
    .option('vocab-size', { type: 'number', default: 8000, describe: 'Vocabulary cap (word) or size (bpe)' })
    .option('min-frequency', { type: 'number', default: 2, describe: 'Drop rarer words (word tokenizer)' })
    .option('preset', { choices: ['bert-tiny', 'bert-mini', 'bert-small'] as const, default: 'bert-tiny' as BertPresetName })
    .option('hidden', { type: 'number', describe: 'hiddenSize (default: the preset\'s)' })
    .option('layers', { type: 'number', describe: 'numLayers' })
    .option('heads', { type: 'number', describe: 'numHeads' })
    .option('ff', { type: 'number', describe: 'intermediateSize' })
    .option('dropout', { type: 'number', describe: 'Encoder dropout' })
    .option('classifier-dropout', { type: 'number' })
    .option('max-length', { type: 'number', describe: 'Longest input in tokens' })
    .option('epochs', { type: 'number', default: 10, describe: 'Fine-tuning epochs (early stopping may end sooner)' })
    .option('batch-size', { type: 'number', default: 32 })
    .option('lr', { type: 'number', default: 1e-3, describe: 'Fine-tuning peak learning rate' })
    .option('weight-decay', { type: 'number', default: 0.05 })
    .option('token-dropout', { type: 'number', default: 0.1, describe: 'Probability of replacing a word by <unk> while fine-tuning' })
    .option('patience', { type: 'number', default: 3, describe: 'Evaluations (epochs) without improvement before stopping' })
    .option('monitor', { choices: ['val_loss', 'val_accuracy'] as const, default: 'val_loss' as const, describe: 'What early stopping and the best weights watch' })
    .option('mlm-epochs', { type: 'number', default: 6, describe: 'MLM pre-training epochs' })
    .option('mlm-lr', { type: 'number', default: 2e-3, describe: 'MLM pre-training peak learning rate' })
    .option('seed', { type: 'number', default: 0 })
    .option('out', { type: 'string', describe: 'Folder to save the (last run\'s) classifier in (default runs/sentiment-<dataset>)' })
    .option('results', { type: 'string', describe: 'Write every run\'s figures to this JSON file' })
    .option('backend', { type: 'string', describe: 'tfjs backend: tensorflow-gpu | tensorflow | wasm | cpu (default: best available)' })
    .strict()
    .help()
    .parseAsync();

  await initBackend(argv.backend);
  const files = DATASETS[argv.dataset];
  const trainFile = argv.train ?? path.join(DATA_DIR, files.train);
  const testFile = argv.test ?? path.join(DATA_DIR, files.test);
  const unlabelledFiles = argv.unlabelled ?? [path.join(DATA_DIR, files.other)];

  const labelled = readLabelledText(trainFile);
  const test = readLabelledText(testFile);
  const { train, val } = trainValSplit(labelled, { valFraction: 0.1, seed: argv.seed });
  // Unlabelled text: the training split itself plus other training files. Never the
  // test files, and not the validation split, so early stopping stays honest.
  const unlabelled = [...train.map((e) => e.text), ...unlabelledFiles.flatMap((f) => readLabelledText(f).map((e) => e.text))];
  const tokenizer = trainClassifierTokenizer(unlabelled, { kind: argv.tokenizer, vocabSize: argv['vocab-size'], minFrequency: argv['min-frequency'] });
  console.error(`${path.basename(trainFile)}: ${train.length} train, ${val.length} validation; ${path.basename(testFile)}: ${test.length} test; ${unlabelled.length} unlabelled texts; ${tokenizer.kind} vocabulary ${tokenizer.vocabSize}`);

  const modes = argv.mode === 'compare' ? (['scratch', 'pretrain'] as const) : ([argv.mode] as const);
  const results: RunResult[] = [];
  for (const mode of modes) {
    const settings: RunSettings = {
      name: `${argv.dataset}-${mode}`,
      tokenizer,
      train,
      validation: val,
      test,
      pretrainTexts: mode === 'pretrain' ? unlabelled : null,
      model: {
        preset: argv.preset,
        hiddenSize: argv.hidden,
        numLayers: argv.layers,
        numHeads: argv.heads,
        intermediateSize: argv.ff,
        dropout: argv.dropout,
        classifierDropout: argv['classifier-dropout'],
        maxLength: argv['max-length'],
        classNames: ['negative', 'positive'],
      },
      epochs: argv.epochs,
      batchSize: argv['batch-size'],
      learningRate: argv.lr,
      weightDecay: argv['weight-decay'],
      tokenDropout: argv['token-dropout'],
      patience: argv.patience,
      monitor: argv.monitor,
      mlmEpochs: argv['mlm-epochs'],
      mlmLearningRate: argv['mlm-lr'],
      seed: argv.seed,
      saveTo: mode === modes[modes.length - 1] ? (argv.out ?? path.join('runs', `sentiment-${argv.dataset}`)) : null,
    };
    const result = await runSentiment(settings);
    results.push(result);
    console.log(`\n${result.name} on ${path.basename(testFile)}:\n${formatClassificationReport(result.test, ['negative', 'positive'])}\n`);
  }
  console.log(resultsTable(results));
  if (argv.results) {
    fs.mkdirSync(path.dirname(path.resolve(argv.results)), { recursive: true });
    fs.writeFileSync(argv.results, JSON.stringify({ argv: { ...argv, $0: undefined, _: undefined }, results }, null, 1) + '\n');
  }
}

main().catch((e) => {
  console.error(process.env.TFZOO_DEBUG ? e : `error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
