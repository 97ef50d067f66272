import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { hyperparameterSearch } from './hyperparameterSearch';
import { logUniform } from './searchSpace';
import { denseTrainable, regressionSource } from './test-helpers/regression';

beforeAll(async () => {
  await initBackend('cpu', { log: null });
});

/** A made-up objective with its minimum at lr = 0.01 and width 8; each evaluation improves it slightly. */
const objective = (lr: number, width: number, evaluation: number) => Math.abs(Math.log10(lr) + 2) + Math.abs(width - 8) / 10 + 1 / (evaluation + 1);

describe('hyperparameterSearch', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-search-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs a grid, ranks trials by their best scripted metric, records failures last, and writes Markdown and JSON', async () => {
    const lines: string[] = [];
    const result = await hyperparameterSearch({
      space: { learningRate: [0.1, 0.01, 0.001], width: [4, 8] },
      strategy: 'grid',
      dir,
      log: (l) => lines.push(l),
      build: ({ learningRate, width }) => {
        if (learningRate === 0.1 && width === 4) throw new Error('diverged');
        const model = denseTrainable({ hidden: width });
        let evaluation = 0;
        return {
          model,
          train: regressionSource(1),
          metric: { name: 'scripted', compute: () => objective(learningRate, width, evaluation++) },
          config: { maxSteps: 6, learningRate, evalEvery: 2, patience: 2 },
          dispose: () => model.model.dispose(),
        };
      },
    });
    expect(lines).toHaveLength(6);
    const order = result.trials.map((t) => [t.params.learningRate, t.params.width]);
    const expected = [
      [0.1, 8],
      [0.01, 4],
      [0.01, 8],
      [0.001, 4],
      [0.001, 8],
    ]
      .map(([lr, w]) => ({ lr, w, best: objective(lr, w, 2) }))
      .sort((a, b) => a.best - b.best)
      .map(({ lr, w }) => [lr, w]);
    expect(order).toEqual([...expected, [0.1, 4]]);
    expect(result.best!.params).toEqual({ learningRate: 0.01, width: 8 });
    expect(result.best!.value).toBeCloseTo(objective(0.01, 8, 2), 12);
    expect(result.best!.bestStep).toBe(6);
    expect(result.trials[5]).toMatchObject({ stopReason: 'failed', value: null, error: 'diverged' });

    const md = fs.readFileSync(path.join(dir, 'results.md'), 'utf8');
    expect(md).toBe(result.markdown);
    const rows = md.trimEnd().split('\n');
    expect(rows[0]).toBe('| rank | trial | learningRate | width | scripted | best step | steps | stopped |');
    expect(rows[2]).toMatch(/^\| 1 \| 3 \| 0\.01 \| 8 \| 0\.3333 \| 6 \| 6 \| maxSteps \|$/);
    expect(rows[7]).toContain('failed: diverged');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    expect(json.trials.map((t: { index: number }) => t.index)).toEqual(result.trials.map((t) => t.index));
    expect(fs.existsSync(path.join(dir, 'trial-003', 'best', 'checkpoint.json'))).toBe(true);
  });

  it('samples reproducibly in random search and ranks max-mode metrics highest first', async () => {
    const run = (seed: number) =>
      hyperparameterSearch({
        space: { learningRate: logUniform(1e-4, 1e-1) },
        strategy: 'random',
        trials: 4,
        seed,
        log: null,
        build: ({ learningRate }, { seed: trialSeed }) => {
          const model = denseTrainable({ seed: trialSeed });
          return {
            model,
            train: regressionSource(trialSeed),
            metric: { name: 'accuracy', mode: 'max' as const, compute: () => -Math.abs(Math.log10(learningRate) + 2) },
            config: { maxSteps: 2, learningRate, evalEvery: 2 },
            dispose: () => model.model.dispose(),
          };
        },
      });
    const before = tf.memory().numTensors;
    const a = await run(11);
    expect(tf.memory().numTensors).toBe(before);
    const b = await run(11);
    expect(b.trials.map((t) => t.params)).toEqual(a.trials.map((t) => t.params));
    expect(a.mode).toBe('max');
    const values = a.trials.map((t) => t.value!);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    const c = await run(12);
    expect(c.trials.map((t) => t.params)).not.toEqual(a.trials.map((t) => t.params));
  });

  it('needs a trial count for random search', async () => {
    await expect(hyperparameterSearch({ space: { x: [1] }, build: () => { throw new Error('unreachable'); } })).rejects.toThrow(
      'random search needs trials',
    );
  });
});
