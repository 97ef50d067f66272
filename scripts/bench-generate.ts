/**
 * GPT generation speed with and without the KV cache, at prompt lengths 8, 32 and 64.
 *
 *   npx tsc -b && npx tsx scripts/bench-generate.ts [--backend wasm] [--model DIR] [--new-tokens 64] [--runs 5] [--out bench-results]
 *
 * Without --model the model is a randomly initialised GPT of nanoGPT's CPU size (4 layers,
 * width 128, 4 heads, learned positions, pre-norm, GELU) with a 65-character vocabulary and a
 * context of 128, so every prompt plus the new tokens fits the window (the cache is dropped
 * once the window slides; see IncrementalDecoder). Speed does not depend on the weights.
 * Each figure is the median of --runs runs after one warm-up run, in new tokens per second
 * (the prompt's prefill included in the time). Results go to <out>/gpt-generate.{json,md}.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { initBackend } from '@tfzoo/core';
import { GPT, gptConfig, loadGPT } from '@tfzoo/gpt';
import { CharTokenizer } from '@tfzoo/tokenizers';

const REPO_ROOT = path.resolve(__dirname, '..');
const PROMPT_LENGTHS = [8, 32, 64];

interface Args {
  backend?: string;
  model?: string;
  newTokens: number;
  runs: number;
  out: string;
}

interface Row {
  promptLength: number;
  cache: boolean;
  /** Median new tokens per second. */
  tokensPerSecond: number;
  /** Every run's tokens per second, in order. */
  runs: number[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { newTokens: 64, runs: 5, out: path.join(REPO_ROOT, 'bench-results') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log('usage: npx tsx scripts/bench-generate.ts [--backend wasm] [--model DIR] [--new-tokens 64] [--runs 5] [--out bench-results]');
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--backend') args.backend = value;
    else if (flag === '--model') args.model = value;
    else if (flag === '--out') args.out = path.resolve(value);
    else if (flag === '--new-tokens' || flag === '--runs') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`expected ${flag} to be a positive integer, got '${value}'`);
      if (flag === '--runs') args.runs = n;
      else args.newTokens = n;
    } else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A prompt of `length` tokens from the model's ordinary (non-special) ids. */
function promptOf(gpt: GPT, length: number): number[] {
  const V = gpt.config.vocabSize;
  return Array.from({ length }, (_, i) => 7 + ((i * 13 + 5) % (V - 7)));
}

/** nanoGPT's CPU size over Tiny Shakespeare's 65 characters, with a context of 128. */
function randomGPT(): GPT {
  const tokenizer = CharTokenizer.fromTexts("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  const config = gptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 128, nLayer: 4, nHead: 4, nEmbd: 128, positional: 'learned', norm: 'pre', activation: 'gelu', tieEmbeddings: true });
  return new GPT(config, tokenizer);
}

async function tokensPerSecond(gpt: GPT, prompt: number[], newTokens: number, useCache: boolean): Promise<number> {
  const started = performance.now();
  const result = await gpt.generate(prompt, { maxNewTokens: newTokens, greedy: true, stopAtEos: false, useCache });
  if (result.ids.length !== newTokens) throw new Error(`expected ${newTokens} tokens, got ${result.ids.length}`);
  return newTokens / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const backend = await initBackend(args.backend, { log: null });
  const gpt = args.model ? await loadGPT(args.model) : randomGPT();
  const { blockSize } = gpt.config;
  console.log(`backend ${backend.name}; model ${args.model ?? '(random, nanoGPT CPU size)'}: ${JSON.stringify(gpt.config)}`);
  const rows: Row[] = [];
  for (const promptLength of PROMPT_LENGTHS) {
    const prompt = promptOf(gpt, promptLength);
    for (const cache of [false, true]) {
      await tokensPerSecond(gpt, prompt, Math.min(8, args.newTokens), cache); // warm-up
      const runs: number[] = [];
      for (let r = 0; r < args.runs; r++) runs.push(await tokensPerSecond(gpt, prompt, args.newTokens, cache));
      const row = { promptLength, cache, tokensPerSecond: median(runs), runs };
      rows.push(row);
      console.log(`prompt ${promptLength}, ${cache ? 'KV cache   ' : 'no cache   '}: ${row.tokensPerSecond.toFixed(1)} tokens/s (runs ${runs.map((t) => t.toFixed(1)).join(', ')})`);
    }
  }
  gpt.dispose();

  const date = new Date().toISOString();
  const cpu = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores)`;
  const speedUp = (length: number) => {
    const [plain, cached] = [false, true].map((c) => rows.find((r) => r.promptLength === length && r.cache === c)!.tokensPerSecond);
    return cached / plain;
  };
  const lines = [
    '# GPT generation: with and without the KV cache',
    '',
    `${date} · backend ${backend.name} · Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpu}`,
    `Model: ${args.model ?? 'random weights, nanoGPT CPU size'} (${gpt.config.nLayer} layers, width ${gpt.config.nEmbd}, ${gpt.config.nHead} heads, context ${blockSize}, vocabulary ${gpt.config.vocabSize}).`,
    `${args.newTokens} new tokens per run, greedy; tokens/s include the prompt's prefill; median of ${args.runs} runs after a warm-up (min–max).`,
    '',
    '| prompt tokens | without cache (tokens/s) | with KV cache (tokens/s) | speed-up |',
    '|---:|---:|---:|---:|',
    ...PROMPT_LENGTHS.map((length) => {
      const cell = (cache: boolean) => {
        const row = rows.find((r) => r.promptLength === length && r.cache === cache)!;
        return `${row.tokensPerSecond.toFixed(1)} (${Math.min(...row.runs).toFixed(1)}–${Math.max(...row.runs).toFixed(1)})`;
      };
      return `| ${length} | ${cell(false)} | ${cell(true)} | ${speedUp(length).toFixed(1)}× |`;
    }),
    '',
    `Prompt + new tokens stay within the context of ${blockSize}: past it the window slides and every token costs a full`,
    'forward pass over the window, with or without the cache.',
    '',
  ];
  fs.mkdirSync(args.out, { recursive: true });
  const json = { date, backend: backend.name, node: process.version, cpu, model: args.model ?? null, config: gpt.config, newTokens: args.newTokens, runs: args.runs, rows };
  fs.writeFileSync(path.join(args.out, 'gpt-generate.json'), JSON.stringify(json, null, 2) + '\n');
  fs.writeFileSync(path.join(args.out, 'gpt-generate.md'), lines.join('\n'));
  console.log(`\nwrote ${path.join(args.out, 'gpt-generate.md')} and .json`);
}

main().catch((e) => {
  console.error(`bench-generate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
