import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { runBench, type BenchSettings } from './bench';
import type { BenchReport } from './bench-report';

/** Every size tiny: the whole run takes seconds. */
const TINY: BenchSettings = {
  vocabSize: 20,
  seqLengths: [4, 8],
  batchSizes: [1, 2],
  repetitions: { warmup: 1, reps: 2, minTimeMs: 0, maxReps: 2 },
  gpt: { nLayer: 1, nHead: 2, nEmbd: 8 },
  longRange: { distances: [2, 4], keys: 2, distractors: 3, steps: 3, batchSize: 4, learningRate: 1e-2, evalSequences: 8 },
};

describe('bench (tiny sizes, wasm)', () => {
  let dir: string;
  let report: BenchReport;
  let files: string[];
  let tensorsBefore: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-bench-'));
    tensorsBefore = tf.memory().numTensors;
    ({ report, files } = await runBench({ backend: 'wasm', settings: TINY, outDir: dir, command: 'bench --test', log: null }));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes valid JSON that holds the report it returned', () => {
    const json = files.find((f) => f.endsWith('.json'))!;
    expect(path.basename(json)).toMatch(/^wasm-\d{4}-\d{2}-\d{2}-quick\.json$/);
    const parsed = JSON.parse(fs.readFileSync(json, 'utf8')) as BenchReport;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    expect(parsed.format).toBe('tfzoo-bench');
    expect(parsed.backend.name).toBe('wasm');
    expect(parsed.command).toBe('bench --test');
    expect(parsed.wallSeconds).toBeGreaterThan(0);
  });

  it('matches the RNNs to the GPT within 10 %', () => {
    expect(report.models.map((m) => m.name)).toEqual(['LSTM', 'GRU', 'GPT']);
    for (const m of report.models) expect(Math.abs(m.relativeToGpt)).toBeLessThanOrEqual(0.1);
  });

  it('measures every model at every batch size and sequence length, with finite medians inside their spread', () => {
    expect(report.throughput).toHaveLength(3 * TINY.batchSizes.length * TINY.seqLengths.length);
    for (const r of report.throughput) {
      for (const m of [r.trainStepMs, r.trainTokensPerSecond, r.inferenceMs, r.inferenceTokensPerSecond]) {
        expect(m.samples).toHaveLength(2);
        expect(Number.isFinite(m.median) && m.median > 0).toBe(true);
        expect(m.min).toBeLessThanOrEqual(m.median);
        expect(m.median).toBeLessThanOrEqual(m.max);
      }
      // tokens/s is B·T per step time, sample by sample.
      r.trainStepMs.samples.forEach((ms, i) => expect(r.trainTokensPerSecond.samples[i]).toBeCloseTo((r.batchSize * r.seqLength * 1000) / ms, 6));
    }
  });

  it('times generation of every model and mode at every context length', () => {
    const variants = [...new Set(report.generation.map((g) => `${g.model}/${g.mode}`))].sort();
    expect(variants).toEqual(['GPT/kv-cache', 'GPT/recompute', 'GRU/state', 'LSTM/state']);
    expect(report.generation).toHaveLength(variants.length * TINY.seqLengths.length);
    for (const g of report.generation) expect(g.msPerToken.median).toBeGreaterThan(0);
  });

  it('trains every model at every distance and scores accuracy in [0, 1]', () => {
    const { results } = report.longRange;
    expect(results).toHaveLength(3 * TINY.longRange.distances.length);
    for (const r of results) {
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(r.finalLoss)).toBe(true);
    }
  });

  it('writes the Markdown tables and an SVG chart per measurement, and no README for a quick run', () => {
    const names = files.map((f) => path.basename(f)).sort();
    const stem = path.basename(files.find((f) => f.endsWith('.json'))!, '.json');
    expect(names).toEqual([`${stem}-generation.svg`, `${stem}-inference.svg`, `${stem}-long-range.svg`, `${stem}-train.svg`, `${stem}.json`, `${stem}.md`].sort());
    const md = fs.readFileSync(path.join(dir, `${stem}.md`), 'utf8');
    expect(md).toContain('| sequence length | LSTM | GRU | GPT | GPT ÷ LSTM |');
    expect(md).toContain(`![train](${stem}-train.svg)`);
    expect(md).toContain('**Backend:** wasm');
    for (const f of files.filter((x) => x.endsWith('.svg'))) {
      const svg = fs.readFileSync(f, 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trim().endsWith('</svg>')).toBe(true);
      expect(svg).not.toContain('NaN');
    }
    expect(fs.existsSync(path.join(dir, 'README.md'))).toBe(false);
  });

  it('leaves no tensors behind', () => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
