/**
 * Tokenizer speed on Tiny Shakespeare: BPE training time, and encode/decode
 * throughput of the char, word and BPE tokenizers.
 *
 *   npx tsx scripts/bench-tokenizers.ts [--data PATH] [--vocab 2000] [--runs 3] [--out bench-results]
 *
 * Targets (exit code 1 if missed): BPE training to a 2,000-token vocabulary
 * in under 60 s; encoding at 1 MB/s or more for every tokenizer. Throughput
 * is in MB/s of UTF-8 input, MB = 10^6 bytes; each figure is the median of
 * `--runs` runs. BPE encoding is timed both with a cold piece cache (a fresh
 * tokenizer per run: the first pass over new text) and warm (the same
 * tokenizer again). Results go to <out>/tokenizers.json and <out>/tokenizers.md.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { BpeTokenizer, CharTokenizer, Tokenizer, WordTokenizer } from '../packages/tokenizers/src';

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_DATA = path.resolve(REPO_ROOT, '../shared/data/lm/tinyshakespeare.txt');
const TRAIN_LIMIT_S = 60;
const MIN_ENCODE_MB_PER_S = 1;

interface Args {
  data: string;
  vocab: number;
  runs: number;
  out: string;
}

interface Row {
  tokenizer: string;
  what: string;
  /** Median seconds over the runs. */
  seconds: number;
  /** Every run, in order. */
  runs: number[];
  /** MB/s of UTF-8 text, for encode/decode rows. */
  mbPerSecond?: number;
  target?: string;
  ok?: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { data: DEFAULT_DATA, vocab: 2000, runs: 3, out: path.join(REPO_ROOT, 'bench-results') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') {
      console.log('usage: npx tsx scripts/bench-tokenizers.ts [--data PATH] [--vocab 2000] [--runs 3] [--out bench-results]');
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--data') args.data = path.resolve(value);
    else if (flag === '--out') args.out = path.resolve(value);
    else if (flag === '--vocab' || flag === '--runs') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`expected ${flag} to be a positive integer, got '${value}'`);
      args[flag === '--vocab' ? 'vocab' : 'runs'] = n;
    } else throw new Error(`unknown option '${flag}': expected --data, --vocab, --runs or --out`);
  }
  return args;
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs `fn` `runs` times (after `setup`, untimed), returning the median seconds, all runs and the last result. */
function time<T, S>(runs: number, setup: () => S, fn: (s: S) => T): { seconds: number; runs: number[]; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < runs; r++) {
    const state = setup();
    const t0 = performance.now();
    result = fn(state);
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), runs: times, result: result as T };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let text: string;
  try {
    text = await fs.readFile(args.data, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`data file not found: ${args.data} (pass --data PATH to a UTF-8 text file, e.g. Tiny Shakespeare)`);
    }
    throw e;
  }
  const mb = Buffer.byteLength(text, 'utf8') / 1e6;
  console.log(`data: ${args.data} (${mb.toFixed(3)} MB, ${text.length} UTF-16 units); ${args.runs} runs each`);
  const rows: Row[] = [];
  const add = (row: Row) => {
    rows.push(row);
    const rate = row.mbPerSecond !== undefined ? `  ${row.mbPerSecond.toFixed(2)} MB/s` : '';
    const verdict = row.ok === undefined ? '' : row.ok ? `  ok (${row.target})` : `  MISSED (${row.target})`;
    console.log(`${row.tokenizer.padEnd(5)} ${row.what.padEnd(26)} ${row.seconds.toFixed(3)} s${rate}${verdict}`);
  };

  // Training (or building the vocabulary).
  const bpeTrain = time(args.runs, () => null, () => BpeTokenizer.train([text], { vocabSize: args.vocab }));
  add({
    tokenizer: 'bpe', what: `train to vocabSize ${args.vocab}`, seconds: bpeTrain.seconds, runs: bpeTrain.runs,
    target: `< ${TRAIN_LIMIT_S} s`, ok: bpeTrain.seconds < TRAIN_LIMIT_S,
  });
  const bpe = bpeTrain.result;
  const charBuild = time(args.runs, () => null, () => CharTokenizer.fromTexts([text]));
  add({ tokenizer: 'char', what: 'build vocabulary', seconds: charBuild.seconds, runs: charBuild.runs });
  const wordBuild = time(args.runs, () => null, () => WordTokenizer.fromTexts([text]));
  add({ tokenizer: 'word', what: 'build vocabulary', seconds: wordBuild.seconds, runs: wordBuild.runs });

  // Encoding and decoding.
  const encodeTarget = `>= ${MIN_ENCODE_MB_PER_S} MB/s`;
  const cases: Array<{ name: string; what: string; fresh: () => Tokenizer }> = [
    { name: 'char', what: 'encode', fresh: () => charBuild.result },
    { name: 'word', what: 'encode', fresh: () => wordBuild.result },
    { name: 'bpe', what: 'encode (cold cache)', fresh: () => BpeTokenizer.fromJSON(bpe.toJSON()) },
    { name: 'bpe', what: 'encode (warm cache)', fresh: () => bpe },
  ];
  bpe.encode(text); // warm the cache the warm-cache row measures
  const tokenCounts: Record<string, number> = {};
  const roundTrip: Record<string, boolean> = {};
  for (const c of cases) {
    const enc = time(args.runs, c.fresh, (tok) => tok.encode(text));
    const rate = mb / enc.seconds;
    add({
      tokenizer: c.name, what: c.what, seconds: enc.seconds, runs: enc.runs, mbPerSecond: rate,
      target: encodeTarget, ok: rate >= MIN_ENCODE_MB_PER_S,
    });
    if (c.what.includes('warm')) continue;
    const tok = c.fresh();
    tokenCounts[c.name] = enc.result.length;
    const dec = time(args.runs, () => null, () => tok.decode(enc.result));
    add({ tokenizer: c.name, what: 'decode', seconds: dec.seconds, runs: dec.runs, mbPerSecond: mb / dec.seconds });
    // char and BPE give the text back exactly; the word tokenizer drops
    // whitespace by design, so for it the check is ids → text → same ids.
    roundTrip[c.name] = c.name === 'word' ? sameIds(tok.encode(dec.result), enc.result) : dec.result === text;
  }
  console.log(
    `tokens: ${Object.entries(tokenCounts).map(([k, n]) => `${k} ${n} (vocab ${vocabOf(k)})`).join(', ')}; ` +
      `round-trip (char, bpe: text; word: ids): ${Object.entries(roundTrip).map(([k, ok]) => `${k} ${ok}`).join(', ')}`,
  );

  function vocabOf(kind: string): number {
    return kind === 'char' ? charBuild.result.vocabSize : kind === 'word' ? wordBuild.result.vocabSize : bpe.vocabSize;
  }

  const machine = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpuCount: os.cpus().length,
  };
  const report = {
    benchmark: 'tokenizers',
    date: new Date().toISOString(),
    machine,
    data: { file: path.relative(REPO_ROOT, args.data), megabytes: mb, utf16Units: text.length },
    runs: args.runs,
    bpeVocabSize: bpe.vocabSize,
    tokenCounts,
    vocabSizes: { char: vocabOf('char'), word: vocabOf('word'), bpe: vocabOf('bpe') },
    /** char, bpe: decode(encode(text)) === text; word: encode(decode(ids)) equals ids. */
    roundTrip,
    rows,
    allTargetsMet: rows.every((r) => r.ok !== false) && Object.values(roundTrip).every(Boolean),
  };
  await fs.mkdir(args.out, { recursive: true });
  const jsonFile = path.join(args.out, 'tokenizers.json');
  const mdFile = path.join(args.out, 'tokenizers.md');
  await fs.writeFile(jsonFile, JSON.stringify(report, null, 2) + '\n');
  await fs.writeFile(mdFile, markdown(report, rows));
  console.log(`wrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), mdFile)}`);
  if (!report.allTargetsMet) {
    console.error('some targets were missed or a round-trip failed');
    process.exitCode = 1;
  }
}

function markdown(
  report: {
    date: string;
    machine: Record<string, unknown>;
    data: { file: string; megabytes: number };
    runs: number;
    tokenCounts: Record<string, number>;
    vocabSizes: Record<string, number>;
    roundTrip: Record<string, boolean>;
  },
  rows: Row[],
): string {
  const m = report.machine;
  const lines = [
    '# Tokenizer benchmark',
    '',
    `${report.date}, Node ${m.node}, ${m.platform}, ${m.cpu} (${m.cpuCount} cores).`,
    `Data: \`${report.data.file}\` (${report.data.megabytes.toFixed(3)} MB UTF-8). Median of ${report.runs} runs; MB = 10^6 bytes of input text.`,
    '',
    '| tokenizer | what | median s | runs (s) | MB/s | target |',
    '|---|---|---:|---|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.tokenizer} | ${r.what} | ${r.seconds.toFixed(3)} | ${r.runs.map((t) => t.toFixed(3)).join(', ')} | ` +
        `${r.mbPerSecond !== undefined ? r.mbPerSecond.toFixed(2) : ''} | ${r.target ? `${r.target}: ${r.ok ? 'met' : '**missed**'}` : ''} |`,
    ),
    '',
    '| tokenizer | vocabSize | tokens for the whole text | round-trip |',
    '|---|---:|---:|---|',
    ...Object.keys(report.tokenCounts).map(
      (k) => `| ${k} | ${report.vocabSizes[k]} | ${report.tokenCounts[k]} | ${report.roundTrip[k] ? 'exact' : '**failed**'}${k === 'word' ? ' (ids → text → ids)' : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

main().catch((e) => {
  console.error(`bench-tokenizers: ${(e as Error).message}`);
  process.exit(1);
});
