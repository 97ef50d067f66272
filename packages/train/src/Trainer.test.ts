import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { loadCheckpoint } from './checkpoint';
import { cycleBatches } from './TrainableModel';
import type { TrainConfig } from './TrainConfig';
import { Trainer } from './Trainer';
import { denseTrainable, maxWeightDifference, regressionSource, weightValues } from './test-helpers/regression';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-trainer-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every feature on: warmup + cosine, clipping, accumulation, eval, checkpoints. */
const CONFIG: TrainConfig = {
  maxSteps: 20,
  learningRate: 0.02,
  warmupSteps: 3,
  decaySteps: 20,
  gradClip: 0.5,
  gradientAccumulationSteps: 2,
  weightDecay: 0.1,
  evalEvery: 5,
  evalBatches: 2,
  logEvery: 1,
};
const quiet = { progress: false as const, interrupt: { enabled: false } };
const evalSet = () => cycleBatches([regressionSource(99, 16).next(), regressionSource(98, 16).next()]);

function readMetrics(runDir: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

describe('Trainer', () => {
  it('training 20 steps equals training 10, saving, resuming in a fresh process-like setup, and training 10 more', async () => {
    const straightModel = denseTrainable({ seed: 1 });
    const straight = new Trainer(straightModel, CONFIG);
    const a = await straight.fit({ train: regressionSource(5), eval: evalSet(), runDir: path.join(root, 'a'), ...quiet });
    expect(a.step).toBe(20);
    expect(a.stopReason).toBe('maxSteps');

    const runDir = path.join(root, 'b');
    const firstModel = denseTrainable({ seed: 1 });
    const first = new Trainer(firstModel, { ...CONFIG, maxSteps: 10 });
    const b1 = await first.fit({ train: regressionSource(5), eval: evalSet(), runDir, tokenizer: { kind: 'char', vocabSize: 9 }, ...quiet });
    expect(b1.step).toBe(10);
    first.dispose();
    firstModel.model.dispose();

    // Everything new: a model with other initial weights, a new source at its start, a new optimizer.
    const resumedModel = denseTrainable({ seed: 42 });
    const resumed = new Trainer(resumedModel, CONFIG);
    const b2 = await resumed.fit({ train: regressionSource(5), eval: evalSet(), runDir, resume: true, tokenizer: { kind: 'char', vocabSize: 9 }, ...quiet });
    expect(b2.startStep).toBe(10);
    expect(b2.step).toBe(20);
    expect(resumed.optimizer.step).toBe(20);
    expect(maxWeightDifference(weightValues(straightModel), weightValues(resumedModel))).toBeLessThan(1e-5);
    expect(b2.lastLoss).toBeCloseTo(a.lastLoss!, 5);
    expect(b2.best).toEqual(a.best);

    // One train record per step, 1..20, across both runs; the same learning rates as the straight run.
    const trainB = readMetrics(runDir).filter((r) => r.split === 'train');
    const trainA = readMetrics(path.join(root, 'a')).filter((r) => r.split === 'train');
    expect(trainB.map((r) => r.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(trainB.map((r) => r.lr)).toEqual(trainA.map((r) => r.lr));
    expect((await loadCheckpoint(path.join(runDir, 'checkpoint'))).step).toBe(20);
    straight.dispose();
    resumed.dispose();
    straightModel.model.dispose();
    resumedModel.model.dispose();
  });

  it('refuses to resume with a tokenizer of another vocabulary size', async () => {
    const runDir = path.join(root, 'run');
    const model = denseTrainable();
    const trainer = new Trainer(model, { ...CONFIG, maxSteps: 2 });
    await trainer.fit({ train: regressionSource(5), runDir, tokenizer: { vocabSize: 9 }, ...quiet });
    const again = new Trainer(model, { ...CONFIG, maxSteps: 4 });
    await expect(again.fit({ train: regressionSource(5), runDir, resume: true, tokenizer: { vocabSize: 12 }, ...quiet })).rejects.toThrow(
      'was trained with a tokenizer of vocabSize 9, but the given tokenizer has vocabSize 12',
    );
    trainer.dispose();
    again.dispose();
    model.model.dispose();
  });

  it('keeps the tensor count flat over 20 steps (with eval and checkpoints) and frees its optimizer on dispose', async () => {
    const model = denseTrainable({ dropout: 0.1 });
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const trainer = new Trainer(model, CONFIG);
    await trainer.fit({
      train: regressionSource(5),
      eval: evalSet(),
      runDir: path.join(root, 'run'),
      onStep: () => {
        counts.push(tf.memory().numTensors);
      },
      ...quiet,
    });
    expect(counts).toHaveLength(20);
    expect(new Set(counts).size).toBe(1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.model.dispose();
  });

  it('reports the call\'s first and last losses, tokens and throughput', async () => {
    const model = denseTrainable();
    const losses: number[] = [];
    const trainer = new Trainer(model, CONFIG);
    let tokens = 0;
    const result = await trainer.fit({ train: regressionSource(5), countTokens: () => 8, onStep: ({ loss, tokens: t }) => { losses.push(loss); tokens += t; }, ...quiet });
    expect(result.tokens).toBe(tokens);
    expect(result.tokens).toBe(8 * CONFIG.gradientAccumulationSteps! * losses.length);
    expect(result.tokensPerSecond).toBeCloseTo(result.tokens / result.seconds, 6);
    expect(result.lastEvalLoss).toBeNull();
    expect(result.firstLoss).toBe(losses[0]);
    expect(result.lastLoss).toBe(losses[losses.length - 1]);
    expect(result.firstLoss).not.toBe(result.lastLoss);
    trainer.dispose();
    model.model.dispose();
  });

  it('appends parseable metrics and draws a loss curve beside the checkpoints', async () => {
    const runDir = path.join(root, 'run');
    const model = denseTrainable();
    const trainer = new Trainer(model, { ...CONFIG, logEvery: 4 });
    await trainer.fit({ train: regressionSource(5), eval: evalSet(), runDir, countTokens: () => 8, ...quiet });
    const records = readMetrics(runDir);
    const train = records.filter((r) => r.split === 'train');
    const val = records.filter((r) => r.split === 'val');
    expect(train.map((r) => r.step)).toEqual([4, 8, 12, 16, 20]);
    for (const r of train) {
      for (const key of ['loss', 'lr', 'grad_norm', 'tokens_per_second', 'elapsed_seconds']) expect(Number.isFinite(r[key])).toBe(true);
    }
    expect(val.map((r) => r.step)).toEqual([5, 10, 15, 20]);
    expect(val.every((r) => typeof r.loss === 'number' && typeof r.improved === 'boolean')).toBe(true);
    expect(fs.readdirSync(runDir).sort()).toEqual(['best', 'checkpoint', 'loss.svg', 'metrics.jsonl']);
    const svg = fs.readFileSync(path.join(runDir, 'loss.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('>validation</text>');
    expect(svg).not.toContain('NaN');
    trainer.dispose();
    model.model.dispose();
  });

  it('stops early on a scripted validation curve, keeps the best checkpoint and can restore its weights', async () => {
    const curve = [5, 4, 3, 3.5, 3.2, 2.0, 1.0];
    const runDir = path.join(root, 'run');
    const model = denseTrainable();
    const weightsAtEval: Array<Map<string, Float32Array>> = [];
    const trainer = new Trainer(model, { ...CONFIG, maxSteps: 100, evalEvery: 2, patience: 2, restoreBestWeights: true });
    let calls = 0;
    const result = await trainer.fit({
      train: regressionSource(5),
      metric: { name: 'scripted', compute: () => curve[calls++] },
      runDir,
      onEval: () => {
        weightsAtEval.push(weightValues(model));
      },
      ...quiet,
    });
    // Best 3 at the third evaluation (step 6); the 4th and 5th do not improve, so patience 2 stops at step 10.
    expect(calls).toBe(5);
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.step).toBe(10);
    expect(result.best).toEqual({ metric: 'scripted', value: 3, step: 6 });
    const best = await loadCheckpoint(path.join(runDir, 'best'));
    expect(best.step).toBe(6);
    expect(best.metric).toEqual({ name: 'scripted', mode: 'min', best: 3, bestStep: 6, evaluationsWithoutImprovement: 0 });
    expect((await loadCheckpoint(path.join(runDir, 'checkpoint'))).step).toBe(10);
    expect(maxWeightDifference(weightValues(model), weightsAtEval[2])).toBe(0);
    trainer.dispose();
    model.model.dispose();
  });

  it('saves a checkpoint on Ctrl-C, exits with 130 through the injected exit, and removes its handler', async () => {
    const runDir = path.join(root, 'run');
    const model = denseTrainable();
    const exits: number[] = [];
    const listenersBefore = process.listenerCount('SIGINT');
    const trainer = new Trainer(model, CONFIG);
    const result = await trainer.fit({
      train: regressionSource(5),
      runDir,
      progress: false,
      interrupt: { exit: (code) => exits.push(code) },
      onStep: ({ step }) => {
        expect(process.listenerCount('SIGINT')).toBe(listenersBefore + 1);
        // Delivered through the event loop, as a real signal is: the loop must yield to notice it.
        if (step === 4) setImmediate(() => process.emit('SIGINT'));
      },
    });
    expect(result.stopReason).toBe('interrupted');
    expect(result.step).toBe(4);
    expect(exits).toEqual([130]);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
    expect((await loadCheckpoint(path.join(runDir, 'checkpoint'))).step).toBe(4);
    trainer.dispose();
    model.model.dispose();
  });

  it('passes training: true to the loss in steps and false in evaluation', async () => {
    const base = denseTrainable();
    const seen: boolean[] = [];
    const spy = { ...base, loss: (b: Parameters<typeof base.loss>[0], o: { training: boolean }) => (seen.push(o.training), base.loss(b, o)) };
    const trainer = new Trainer(spy, { ...CONFIG, maxSteps: 2, evalEvery: 2, gradientAccumulationSteps: 1 });
    await trainer.fit({ train: regressionSource(5), eval: evalSet(), ...quiet });
    expect(seen).toEqual([true, true, false, false]);
    trainer.dispose();
    base.model.dispose();
  });

  it('stops with a clear error on a non-finite loss, before touching the weights', async () => {
    const base = denseTrainable();
    const before = weightValues(base);
    const broken = { ...base, loss: (b: Parameters<typeof base.loss>[0], o: { training: boolean }) => base.loss(b, o).mul(NaN) as tf.Scalar };
    const trainer = new Trainer(broken, CONFIG);
    await expect(trainer.fit({ train: regressionSource(5), ...quiet })).rejects.toThrow('loss is NaN at step 0 (learning rate');
    expect(maxWeightDifference(before, weightValues(base))).toBe(0);
    trainer.dispose();
    base.model.dispose();
  });

  it('stops when its time budget is spent, evaluates once more, and decays the learning rate by time', async () => {
    const base = denseTrainable();
    // Each step busy-waits 30 ms, so a 0.3 s budget lasts about 10 of the 1,000 steps.
    const slow = {
      ...base,
      loss: (b: Parameters<typeof base.loss>[0], o: { training: boolean }) => {
        if (o.training) for (const end = performance.now() + 30; performance.now() < end; );
        return base.loss(b, o);
      },
    };
    const rates: number[] = [];
    const evalSteps: number[] = [];
    const budget = { maxSteps: 1000, learningRate: 0.01, minLearningRate: 0.001, warmupSteps: 2, maxSeconds: 0.3, evalEvery: 500, evalBatches: 1 };
    const trainer = new Trainer(slow, budget);
    const result = await trainer.fit({
      train: regressionSource(5),
      eval: evalSet(),
      onStep: (s) => void rates.push(s.learningRate),
      onEval: (e) => void evalSteps.push(e.step),
      ...quiet,
    });
    expect(result.stopReason).toBe('timeBudget');
    expect(result.step).toBeGreaterThan(3);
    expect(result.step).toBeLessThan(40);
    expect(evalSteps).toEqual([result.step]); // the final evaluation, though evalEvery is 500
    // Warmup is by step; after it the cosine follows the clock, so the last rate is near the floor,
    // far below what step/decaySteps alone would give (about the peak).
    expect(rates[0]).toBeCloseTo(0.01 / 3, 6);
    expect(rates[rates.length - 1]).toBeLessThan(0.0025);
    for (let i = 3; i < rates.length; i++) expect(rates[i]).toBeLessThanOrEqual(rates[i - 1] + 1e-12);
    expect(() => new Trainer(base, { maxSteps: 5, maxSeconds: 0 })).toThrow('TrainConfig.maxSeconds: expected a number > 0 or null, got 0');
    trainer.dispose();
    base.model.dispose();
  });

  it('rejects settings that cannot work, naming them', () => {
    const model = denseTrainable();
    expect(() => new Trainer(model, { maxSteps: 0 })).toThrow('TrainConfig.maxSteps: expected an integer >= 1, got 0');
    expect(() => new Trainer(model, { maxSteps: 10, warmupSteps: 10 })).toThrow('expected decaySteps > warmupSteps (10), got 10');
    const trainer = new Trainer(model, { maxSteps: 10, patience: 3 });
    return expect(trainer.fit({ train: regressionSource(1), ...quiet })).rejects.toThrow('TrainConfig.patience (3) needs evaluation').finally(() => {
      trainer.dispose();
      model.model.dispose();
    });
  });
});
