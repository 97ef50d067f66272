/**
 * A character-level GPT on Tiny Shakespeare, as nanoGPT's `shakespeare_char` example:
 * first 90 % of the text to train on, last 10 % to validate, then samples and a saved model.
 *
 *     npx tsx examples/gpt-shakespeare/src/main.ts --preset nanogpt-cpu
 *     npx tsx examples/gpt-shakespeare/src/main.ts --preset source
 *     node packages/cli/bin/tfzoo.js gpt generate --model runs/gpt-shakespeare-nanogpt-cpu --prompt "ROMEO:"
 */
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { initBackend } from '@tfzoo/core';
import { encodeText, readTextCorpus, splitByFraction } from '@tfzoo/data';
import { GPT, GPTConfig, trainLanguageModel } from '@tfzoo/gpt';
import { CharTokenizer } from '@tfzoo/tokenizers';
import type { TrainConfig } from '@tfzoo/train';

/** A model and the way to train it. */
interface Preset {
  describe: string;
  model: Omit<GPTConfig, 'vocabSize'>;
  batchSize: number;
  train: TrainConfig;
}

/** nanoGPT's `config/train_shakespeare_char.py` with its README's CPU overrides. */
const NANOGPT_TRAINING: TrainConfig = {
  maxSteps: 2000,
  learningRate: 1e-3,
  minLearningRate: 1e-4,
  warmupSteps: 100,
  beta2: 0.99,
  weightDecay: 0.1,
  gradClip: 1.0,
  evalEvery: 250,
  evalBatches: 20,
  restoreBestWeights: true,
};

const PRESETS: Record<string, Preset> = {
  'nanogpt-cpu': {
    describe: "nanoGPT's CPU run: learned positions, pre-norm, GELU, tied embeddings",
    model: { blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, positional: 'learned', norm: 'pre', activation: 'gelu', tieEmbeddings: true },
    batchSize: 12,
    train: NANOGPT_TRAINING,
  },
  source: {
    describe: "the same sizes with the source text's choices: sinusoidal positions, post-norm, ReLU, separate W_o",
    model: { blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, positional: 'sinusoidal', norm: 'post', activation: 'relu', tieEmbeddings: false },
    batchSize: 12,
    train: NANOGPT_TRAINING,
  },
};

const REPO_ROOT = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .usage('$0 [options]\n\nTrains a character-level GPT on Tiny Shakespeare, prints samples and saves the model.')
    .option('data', { type: 'string', default: path.join(REPO_ROOT, '../shared/data/lm/tinyshakespeare.txt'), describe: 'Text file to train on' })
    .option('preset', { choices: Object.keys(PRESETS), default: 'nanogpt-cpu', describe: 'Model and training configuration' })
    .option('out', { type: 'string', describe: 'Run folder (default runs/gpt-shakespeare-<preset>)' })
    .option('backend', { type: 'string', describe: 'tfjs backend: tensorflow-gpu | tensorflow | wasm | cpu (default: best available)' })
    .option('max-iters', { type: 'number', describe: 'Training steps' })
    .option('batch-size', { type: 'number', describe: 'Windows per step' })
    .option('block-size', { type: 'number', describe: 'Context length' })
    .option('n-layer', { type: 'number' })
    .option('n-head', { type: 'number' })
    .option('n-embd', { type: 'number' })
    .option('dropout', { type: 'number' })
    .option('positional', { choices: ['learned', 'sinusoidal'] as const })
    .option('norm', { choices: ['pre', 'post'] as const })
    .option('activation', { choices: ['gelu', 'relu'] as const })
    .option('tie-embeddings', { type: 'boolean' })
    .option('lr', { type: 'number', describe: 'Peak learning rate' })
    .option('min-lr', { type: 'number', describe: 'Cosine floor' })
    .option('warmup', { type: 'number', describe: 'Warmup steps' })
    .option('eval-every', { type: 'number' })
    .option('eval-batches', { type: 'number' })
    .option('seed', { type: 'number', default: 1337 })
    .option('samples', { type: 'number', default: 2, describe: 'Samples to print at the end' })
    .option('sample-tokens', { type: 'number', default: 300 })
    .option('resume', { type: 'boolean', default: false, describe: 'Continue from <out>/checkpoint' })
    .strict()
    .help()
    .parseAsync();

  const preset = PRESETS[argv.preset];
  const out = argv.out ?? path.join('runs', `gpt-shakespeare-${argv.preset}`);
  const backend = await initBackend(argv.backend);

  // Data: nanoGPT's prepare.py — characters, first 90 % / last 10 %.
  const text = readTextCorpus(argv.data);
  const tokenizer = CharTokenizer.fromTexts(text);
  const ids = encodeText(tokenizer, text);
  const { train, val } = splitByFraction(ids, { valFraction: 0.1 });
  console.log(`data: ${argv.data}: ${text.length.toLocaleString()} characters, vocabulary ${tokenizer.vocabSize} ids; train ${train.length.toLocaleString()}, val ${val.length.toLocaleString()} tokens`);

  const m = preset.model;
  const config: GPTConfig = {
    vocabSize: tokenizer.vocabSize,
    blockSize: argv['block-size'] ?? m.blockSize,
    nLayer: argv['n-layer'] ?? m.nLayer,
    nHead: argv['n-head'] ?? m.nHead,
    nEmbd: argv['n-embd'] ?? m.nEmbd,
    dropout: argv.dropout ?? m.dropout,
    positional: argv.positional ?? m.positional,
    norm: argv.norm ?? m.norm,
    activation: argv.activation ?? m.activation,
    tieEmbeddings: argv['tie-embeddings'] ?? m.tieEmbeddings,
  };
  const trainConfig: TrainConfig = {
    ...preset.train,
    maxSteps: argv['max-iters'] ?? preset.train.maxSteps,
    learningRate: argv.lr ?? preset.train.learningRate,
    minLearningRate: argv['min-lr'] ?? preset.train.minLearningRate,
    warmupSteps: argv.warmup ?? preset.train.warmupSteps,
    evalEvery: argv['eval-every'] ?? preset.train.evalEvery,
    evalBatches: argv['eval-batches'] ?? preset.train.evalBatches,
  };
  const batchSize = argv['batch-size'] ?? preset.batchSize;
  const gpt = new GPT(config, tokenizer);
  console.log(`model: ${argv.preset} (${preset.describe}); ${(gpt.countParams() / 1e6).toFixed(2)}M parameters`);
  console.log(`config: ${JSON.stringify(config)}`);
  console.log(`training: ${trainConfig.maxSteps} steps of ${batchSize} × ${config.blockSize} tokens, lr ${trainConfig.learningRate} → ${trainConfig.minLearningRate} (cosine, ${trainConfig.warmupSteps} warmup), on ${backend.name}; run folder ${out}`);

  const result = await trainLanguageModel(gpt, {
    trainIds: train,
    valIds: val,
    batchSize,
    trainConfig,
    seed: argv.seed,
    runDir: out,
    resume: argv.resume,
    progress: { every: 50 },
  });
  // The trainer's val loss is the mean over evalBatches fixed random batches (nanoGPT's
  // estimate); the whole validation split gives the exact number.
  const full = await gpt.evaluateText(val, { batchSize: 32 });
  const summary = {
    preset: argv.preset,
    backend: backend.name,
    config,
    batchSize,
    steps: result.step,
    bestValLoss: result.best?.value ?? null,
    bestStep: result.best?.step ?? null,
    fullValLoss: full.loss,
    lastTrainLoss: result.lastLoss,
    wallSeconds: result.seconds,
    tokensPerSecond: result.tokensPerSecond,
  };
  console.log(`\nsteps ${result.step} (${result.stopReason}); best val loss ${summary.bestValLoss?.toFixed(4)} at step ${summary.bestStep}` +
    ` (mean of ${trainConfig.evalBatches} batches); val loss over the whole split ${full.loss.toFixed(4)} (perplexity ${full.perplexity.toFixed(2)}, ${full.tokens} tokens)`);
  console.log(`wall time ${formatSeconds(result.seconds)}; ${Math.round(result.tokensPerSecond).toLocaleString()} training tokens/s (evaluation and checkpoints included)`);

  for (let i = 0; i < argv.samples; i++) {
    const prompt = i === 0 ? 'ROMEO:' : '\n';
    const sample = await gpt.generate(prompt, { maxNewTokens: argv['sample-tokens'], temperature: 0.8, topK: 20, seed: argv.seed + i });
    console.log(`\n--- sample ${i + 1} (prompt ${JSON.stringify(prompt)}, temperature 0.8, top-k 20, seed ${argv.seed + i}) ---\n${prompt}${sample.text}`);
  }

  const modelDir = path.join(out, 'model');
  await gpt.save(modelDir, { metadata: summary });
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(`\nsaved the model to ${modelDir}; continue it with:\n  node packages/cli/bin/tfzoo.js gpt generate --model ${out} --prompt "ROMEO:"`);
  gpt.dispose();
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

main().catch((e) => {
  console.error(`gpt-shakespeare: ${process.env.TFZOO_DEBUG ? (e as Error).stack : (e as Error).message}`);
  process.exit(1);
});
