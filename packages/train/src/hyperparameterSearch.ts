import * as fs from 'fs';
import * as path from 'path';
import { Random } from '@tfzoo/data';
import { ParamValue, ParamsOf, SearchSpace, gridPoints, sampleParams } from './searchSpace';
import type { TrainConfig } from './TrainConfig';
import type { BatchSource, TrainableModel } from './TrainableModel';
import { FitOptions, StopReason, Trainer, ValidationMetric } from './Trainer';

/** What a search's `build` callback returns for one trial: a fresh model, its data and its training config. */
export interface TrialSetup<B> {
  model: TrainableModel<B>;
  train: BatchSource<B>;
  /** Validation batches; their mean loss ranks the trial unless `metric` is given. */
  eval?: BatchSource<B>;
  /** The metric to rank by instead of `val_loss` (its `mode` says whether lower or higher is better). */
  metric?: ValidationMetric;
  /** Training config of the trial, usually built from the params (set `patience` for early stopping). */
  config: TrainConfig;
  countTokens?: (batch: B) => number;
  /** Called when the trial ends, e.g. to dispose the model. */
  dispose?: () => void;
}

/** Arguments of `hyperparameterSearch`. */
export interface SearchOptions<S extends SearchSpace, B> {
  /** Hyper-parameter name → list of values or range. */
  space: S;
  /** `grid`: every combination; `random`: `trials` seeded samples (default `random`). */
  strategy?: 'grid' | 'random';
  /** Trials to run: required for random search; for a grid, runs only the first `trials` points. */
  trials?: number;
  /** Seed of the random sampler; trial `i` also gets `seed + i` to seed its own data and init (default 0). */
  seed?: number;
  /** Builds one trial from its params. Called once per trial, in order. */
  build: (params: ParamsOf<S>, trial: { index: number; seed: number }) => TrialSetup<B> | Promise<TrialSetup<B>>;
  /** Folder for `trial-NNN/` run folders, `results.json` and `results.md` (default: nothing written). */
  dir?: string;
  /** One line per finished trial (default `console.error`; null for silence). */
  log?: ((line: string) => void) | null;
  /** Passed to every trial's `fit` (default: no progress line, no Ctrl-C handling). */
  fitOptions?: Pick<FitOptions<B>, 'progress' | 'interrupt'>;
}

/** The outcome of one trial. */
export interface TrialResult<P> {
  /** 0-based, in the order trials ran. */
  index: number;
  params: P;
  /** Name of the ranking metric. */
  metric: string;
  /** Its best value during the trial, or null if the trial failed or never evaluated. */
  value: number | null;
  /** Step of the best value. */
  bestStep: number | null;
  /** Steps trained. */
  steps: number;
  stopReason: StopReason | 'failed';
  seconds: number;
  /** The error message of a failed trial. */
  error?: string;
}

/** What `hyperparameterSearch` returns: trials ranked best first. */
export interface SearchResult<P> {
  /** Best first; failed trials last. */
  trials: TrialResult<P>[];
  best: TrialResult<P> | null;
  mode: 'min' | 'max';
  /** The ranking as a Markdown table (also written to `results.md`). */
  markdown: string;
}

/**
 * Grid or seeded random search over hyper-parameters. Each trial builds a
 * fresh model and data from its params, trains with `Trainer.fit` (early
 * stopping as its config says) and is scored by the best validation metric.
 * A trial that throws (e.g. a diverging learning rate) is recorded as failed
 * and the search goes on.
 *
 * @example
 * const result = await hyperparameterSearch({
 *   space: { learningRate: logUniform(1e-4, 1e-2), hidden: [16, 32, 64], dropout: uniform(0, 0.3) },
 *   strategy: 'random', trials: 12, seed: 1, dir: 'runs/search',
 *   build: ({ learningRate, hidden, dropout }, { seed }) => ({ model: makeModel(hidden, dropout, seed), train, eval: val,
 *     config: { maxSteps: 500, learningRate, evalEvery: 50, patience: 3 } }),
 * });
 * console.log(result.markdown);
 */
export async function hyperparameterSearch<S extends SearchSpace, B>(options: SearchOptions<S, B>): Promise<SearchResult<ParamsOf<S>>> {
  const points = trialParams(options);
  const log = options.log === undefined ? (line: string) => console.error(line) : options.log;
  const seed = options.seed ?? 0;
  const results: TrialResult<ParamsOf<S>>[] = [];
  let mode: 'min' | 'max' | null = null;
  let metricName = 'val_loss';

  for (let index = 0; index < points.length; index++) {
    const params = points[index];
    const started = performance.now();
    let setup: TrialSetup<B> | null = null;
    let trainer: Trainer<B> | null = null;
    let result: TrialResult<ParamsOf<S>>;
    try {
      setup = await options.build(params, { index, seed: seed + index });
      if (!setup.eval && !setup.metric) throw new Error('a trial needs an eval source or a metric to be ranked by');
      const trialMode = setup.metric?.mode ?? 'min';
      metricName = setup.metric?.name ?? 'val_loss';
      if (mode !== null && trialMode !== mode) throw new Error(`trial ${index} ranks by mode '${trialMode}', earlier trials by '${mode}'`);
      mode = trialMode;
      trainer = new Trainer(setup.model, setup.config);
      const fit = await trainer.fit({
        train: setup.train,
        eval: setup.eval,
        metric: setup.metric,
        countTokens: setup.countTokens,
        runDir: options.dir ? path.join(options.dir, `trial-${String(index).padStart(3, '0')}`) : undefined,
        progress: options.fitOptions?.progress ?? false,
        interrupt: options.fitOptions?.interrupt ?? { enabled: false },
      });
      result = {
        index,
        params,
        metric: metricName,
        value: fit.best?.value ?? null,
        bestStep: fit.best?.step ?? null,
        steps: fit.step,
        stopReason: fit.stopReason,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = { index, params, metric: metricName, value: null, bestStep: null, steps: trainer?.step ?? 0, stopReason: 'failed', seconds: (performance.now() - started) / 1000, error: message };
    } finally {
      trainer?.dispose();
      setup?.dispose?.();
    }
    results.push(result);
    log?.(`trial ${index + 1}/${points.length} ${formatParams(params)}: ${result.error ? `failed: ${result.error}` : `${result.metric} ${formatValue(result.value)} at step ${result.bestStep}`}`);
  }

  const resolvedMode = mode ?? 'min';
  const ranked = rankTrials(results, resolvedMode);
  const markdown = searchTable(ranked, Object.keys(options.space));
  if (options.dir) {
    fs.mkdirSync(options.dir, { recursive: true });
    const json = { strategy: options.strategy ?? 'random', seed, space: options.space, mode: resolvedMode, trials: ranked };
    fs.writeFileSync(path.join(options.dir, 'results.json'), JSON.stringify(json, null, 1) + '\n');
    fs.writeFileSync(path.join(options.dir, 'results.md'), markdown);
  }
  const best = ranked.length > 0 && ranked[0].value !== null ? ranked[0] : null;
  return { trials: ranked, best, mode: resolvedMode, markdown };
}

/** The params of every trial, in run order. */
function trialParams<S extends SearchSpace, B>(options: SearchOptions<S, B>): ParamsOf<S>[] {
  const strategy = options.strategy ?? 'random';
  if (options.trials !== undefined && (!Number.isInteger(options.trials) || options.trials < 1)) {
    throw new Error(`hyperparameterSearch: expected trials to be an integer >= 1, got ${options.trials}`);
  }
  if (strategy === 'grid') {
    const grid = gridPoints(options.space);
    return options.trials === undefined ? grid : grid.slice(0, options.trials);
  }
  if (strategy !== 'random') throw new Error(`hyperparameterSearch: expected strategy 'grid' or 'random', got '${strategy}'`);
  if (options.trials === undefined) throw new Error('hyperparameterSearch: random search needs trials (how many samples to run)');
  const rng = new Random(options.seed ?? 0);
  return Array.from({ length: options.trials }, () => sampleParams(options.space, rng));
}

/** Best first by value (per `mode`); trials without a value last; ties keep run order. */
export function rankTrials<P>(trials: readonly TrialResult<P>[], mode: 'min' | 'max'): TrialResult<P>[] {
  const score = (t: TrialResult<P>) => (t.value === null || Number.isNaN(t.value) ? Infinity : mode === 'min' ? t.value : -t.value);
  return [...trials].sort((a, b) => score(a) - score(b) || a.index - b.index);
}

/** The ranked trials as a Markdown table: rank, trial, each param, metric, best step, steps, how it stopped. */
export function searchTable<P>(ranked: readonly TrialResult<P>[], paramNames: readonly string[]): string {
  const metric = ranked[0]?.metric ?? 'val_loss';
  const header = ['rank', 'trial', ...paramNames, metric, 'best step', 'steps', 'stopped'];
  const rows = ranked.map((t, i) => [
    String(i + 1),
    String(t.index),
    ...paramNames.map((k) => formatValue((t.params as Record<string, ParamValue>)[k])),
    formatValue(t.value),
    t.bestStep === null ? '–' : String(t.bestStep),
    String(t.steps),
    t.stopReason === 'failed' ? `failed: ${escapeCell(t.error ?? '')}` : t.stopReason,
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

function formatParams(params: object): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${formatValue(v as ParamValue)}`)
    .join(' ');
}

/** Numbers short and readable: integers as is, tiny or huge ones in exponent form, others to 4 significant digits. */
function formatValue(v: ParamValue | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return escapeCell(String(v));
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
