import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { AdamW } from './AdamW';
import { accumulateGradients } from './accumulateGradients';
import { Checkpoint, SaveCheckpointOptions, checkpointExists, loadCheckpoint, restoreWeights, saveCheckpoint } from './checkpoint';
import { clipFactor, globalNorm } from './clipByGlobalNorm';
import { EarlyStopping } from './EarlyStopping';
import { InterruptOptions, listenForInterrupt } from './listenForInterrupt';
import { LearningRateSchedule } from './learningRateSchedule';
import { lossCurveSvg, CurveSeries } from './lossCurveSvg';
import { MetricRecord, MetricsLog } from './MetricsLog';
import { readWeights } from './modelWeights';
import { ProgressLine, ProgressLineOptions, formatDuration } from './ProgressLine';
import { ResolvedTrainConfig, TrainConfig, resolveTrainConfig, scheduleOf } from './TrainConfig';
import { BatchSource, TrainableModel, disposeBatchTensors } from './TrainableModel';

/**
 * A validation metric other than the mean eval loss, for early stopping and
 * the best checkpoint (e.g. accuracy on a held-out set, or BLEU).
 */
export interface ValidationMetric {
  /** Name in logs and checkpoints, e.g. `val_accuracy`. */
  name: string;
  /** `min` if lower is better (default), `max` if higher is better. */
  mode?: 'min' | 'max';
  /** Computes the metric after step `step`; `evalLoss` is the mean eval loss when an eval source is given. */
  compute(context: { step: number; evalLoss: number | null }): number | Promise<number>;
}

/** What `onStep` receives after each optimizer step. */
export interface StepInfo {
  /** Steps completed (1 after the first update). */
  step: number;
  /** Mean loss over the step's micro-batches. */
  loss: number;
  learningRate: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Tokens in the step's batches (0 without `countTokens`). */
  tokens: number;
  /** Wall time of the step. */
  seconds: number;
}

/** What `onEval` receives after each evaluation. */
export interface EvalInfo {
  step: number;
  /** Mean eval loss, or null without an eval source. */
  evalLoss: number | null;
  /** Name and value of the metric early stopping watches. */
  metric: string;
  value: number;
  improved: boolean;
  best: number | null;
  bestStep: number | null;
}

/** Arguments of `Trainer.fit`. */
export interface FitOptions<B> {
  /** Training batches (read `gradientAccumulationSteps` times per step). */
  train: BatchSource<B>;
  /** Validation batches, `evalBatches` per evaluation; their mean loss is `val_loss`. */
  eval?: BatchSource<B>;
  /** Watch this instead of `val_loss` for early stopping and the best checkpoint. */
  metric?: ValidationMetric;
  /**
   * Run folder: `checkpoint/` (latest, resumable), `best/` (best metric),
   * `metrics.jsonl` and `loss.svg`. Without it nothing is written.
   */
  runDir?: string;
  /**
   * Resume: `true` continues from `<runDir>/checkpoint` when it exists (a fresh
   * start otherwise); a path resumes from that checkpoint folder, which must exist.
   */
  resume?: boolean | string;
  /** The tokenizer (or its `toJSON()`), stored in checkpoints; its `vocabSize` is checked on resume. */
  tokenizer?: object | { toJSON(): object } | null;
  /** Tokens in a batch, for tokens/s and `tokensSeen` (e.g. `b => b.ids.length`). */
  countTokens?: (batch: B) => number;
  /** Progress line options, or false for silence. */
  progress?: ProgressLineOptions | false;
  /** Ctrl-C handling (on by default: save a checkpoint, then exit). */
  interrupt?: InterruptOptions;
  /** Called after every step (e.g. to record `tf.memory()` in tests). */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** Called after every evaluation. */
  onEval?: (info: EvalInfo) => void | Promise<void>;
  /** Passed to every checkpoint save (tests inject crashes through `onPhase`). */
  checkpointOptions?: SaveCheckpointOptions;
}

/** Why `fit` returned. */
export type StopReason = 'maxSteps' | 'earlyStopping' | 'interrupted' | 'timeBudget';

/** What `fit` returns. */
export interface FitResult {
  /** Steps completed in total (including those before a resume). */
  step: number;
  /** The step this call started from (non-zero after a resume). */
  startStep: number;
  stopReason: StopReason;
  /** Wall time of this call (evaluations and checkpoints included). */
  seconds: number;
  /** Tokens trained on in this call, as `countTokens` counts them (0 without it). */
  tokens: number;
  /** tokens / seconds. */
  tokensPerSecond: number;
  /** The last evaluation's mean loss in this call, or null without an eval source. */
  lastEvalLoss: number | null;
  /** Loss of the first step this call ran (after a resume: the first resumed step), or null if no step ran. */
  firstLoss: number | null;
  /** Loss of the last step, or null if no step ran. */
  lastLoss: number | null;
  /** The watched metric's best value and step, or null without evaluation. */
  best: { metric: string; value: number; step: number } | null;
  /** `<runDir>/checkpoint`, or null without a run folder. */
  checkpointDir: string | null;
  /** `<runDir>/best` if a best checkpoint was written, else null. */
  bestCheckpointDir: string | null;
}

/** Files in a run folder. */
export const RUN_FILES = { checkpoint: 'checkpoint', best: 'best', metrics: 'metrics.jsonl', curve: 'loss.svg' } as const;

/**
 * The training loop for any `TrainableModel`, with nanoGPT's essentials:
 * AdamW (decay only on rank ≥ 2 weights), warmup + cosine learning rate,
 * global-norm clipping, gradient accumulation, periodic evaluation, best and
 * latest checkpoints, resume, early stopping, a progress line, metrics.jsonl
 * and an SVG loss curve, and Ctrl-C saving a checkpoint before exit.
 *
 * The trainer owns its optimizer (free it with `dispose`), not the model.
 *
 * @example
 * const trainer = new Trainer(layersModelTrainable(model, supervisedLoss(tf.losses.meanSquaredError)),
 *   { maxSteps: 1000, learningRate: 3e-3, warmupSteps: 50, evalEvery: 100, patience: 5 });
 * const result = await trainer.fit({ train, eval: val, runDir: 'runs/demo', resume: true });
 * trainer.dispose();
 */
export class Trainer<B> {
  readonly config: ResolvedTrainConfig;
  readonly optimizer: AdamW;
  private readonly schedule: LearningRateSchedule;
  private stopper: EarlyStopping;
  private metricName: string | null = null;
  private tokensSeen = 0;
  private elapsedSeconds = 0;

  constructor(
    /** The model to train; its variables are updated in place. */
    readonly model: TrainableModel<B>,
    config: TrainConfig,
  ) {
    this.config = resolveTrainConfig(config);
    this.schedule = scheduleOf(this.config);
    this.optimizer = new AdamW({
      learningRate: this.config.learningRate,
      beta1: this.config.beta1,
      beta2: this.config.beta2,
      epsilon: this.config.epsilon,
      weightDecay: this.config.weightDecay,
    });
    this.stopper = this.newStopper('min');
  }

  /** Optimizer steps completed. */
  get step(): number {
    return this.optimizer.step;
  }

  /** The learning rate the schedule gives for a 0-based step. */
  learningRateAt(step: number): number {
    return this.schedule(step);
  }

  /**
   * The step the schedule is read at: the real step, or with a time budget the
   * step that the spent fraction of the budget corresponds to, if that is
   * further on (past warmup only, so a slow first step cannot skip warmup).
   */
  private scheduleStep(): number {
    const { maxSeconds, warmupSteps, decaySteps } = this.config;
    if (maxSeconds === null || this.step < warmupSteps) return this.step;
    const fraction = Math.min(1, this.elapsedSeconds / maxSeconds);
    return Math.max(this.step, warmupSteps + Math.floor(fraction * Math.max(0, decaySteps - warmupSteps)));
  }

  /**
   * One optimizer step: gradients averaged over `gradientAccumulationSteps`
   * batches from `nextBatch`, clipped, applied by AdamW at the scheduled rate.
   * A non-finite loss is an error, raised before the weights are touched.
   */
  async trainStep(nextBatch: () => B): Promise<{ loss: number; gradNorm: number; learningRate: number }> {
    const learningRate = this.schedule(this.scheduleStep());
    const weights = this.model.variables();
    const { loss, grads } = accumulateGradients(this.model, nextBatch, this.config.gradientAccumulationSteps);
    const names = [...grads.keys()];
    const raw = names.map((n) => grads.get(n)!);
    // Clipping scales the gradients inside AdamW's update (gradScale): no clipped copies.
    let factor: tf.Scalar | undefined;
    let norm: tf.Scalar;
    if (this.config.gradClip > 0) {
      ({ factor, norm } = clipFactor(raw, this.config.gradClip));
    } else {
      norm = globalNorm(raw);
    }
    try {
      const [lossValue, normValue] = await Promise.all([loss.data(), norm.data()]).then(([l, n]) => [l[0], n[0]]);
      if (!Number.isFinite(lossValue)) {
        throw new Error(`loss is ${lossValue} at step ${this.step} (learning rate ${learningRate}); weights were not updated — try a lower learningRate, gradClip, or check the data`);
      }
      this.optimizer.applyGradients(weights, grads, learningRate, factor);
      return { loss: lossValue, gradNorm: normValue, learningRate };
    } finally {
      tf.dispose([loss, norm, ...(factor ? [factor] : []), ...raw]);
    }
  }

  /** Mean loss over `batches` batches from `source`, with `training: false` (dropout off). */
  async evaluate(source: BatchSource<B>, batches = this.config.evalBatches): Promise<number> {
    if (!Number.isInteger(batches) || batches < 1) throw new Error(`evaluate: expected batches >= 1, got ${batches}`);
    let total = 0;
    for (let i = 0; i < batches; i++) {
      const batch = source.next();
      try {
        const loss = tf.tidy(() => this.model.loss(batch, { training: false }));
        total += (await loss.data())[0];
        loss.dispose();
      } finally {
        disposeBatchTensors(batch);
      }
    }
    return total / batches;
  }

  /** Everything needed to resume, as a `Checkpoint` record. */
  async checkpoint(extra: { tokenizer?: FitOptions<B>['tokenizer']; dataState?: unknown } = {}): Promise<Checkpoint> {
    const state = this.stopper.getState();
    return {
      step: this.step,
      modelConfig: this.model.config(),
      weights: await readWeights(this.model.variables()),
      optimizer: { config: this.optimizer.getConfig(), state: await this.optimizer.getState() },
      metric: this.metricName === null ? null : { name: this.metricName, mode: this.stopper.mode, ...state },
      progress: { tokensSeen: this.tokensSeen, elapsedSeconds: this.elapsedSeconds },
      trainConfig: this.config,
      dataState: extra.dataState,
      tokenizer: tokenizerJson(extra.tokenizer),
    };
  }

  /** Writes `checkpoint()` to `dir` atomically. */
  async saveCheckpoint(
    dir: string,
    extra: { tokenizer?: FitOptions<B>['tokenizer']; dataState?: unknown } = {},
    options: SaveCheckpointOptions = {},
  ): Promise<void> {
    await saveCheckpoint(dir, await this.checkpoint(extra), options);
  }

  /**
   * Continues from a checkpoint: weights (validated by name and shape),
   * optimizer moments and step, best metric and patience count, progress.
   * The batch source's position is restored by `fit`.
   */
  restore(checkpoint: Checkpoint, options: { tokenizer?: FitOptions<B>['tokenizer']; source?: string } = {}): void {
    const source = options.source ?? 'the checkpoint';
    if (checkpoint.optimizer === null) {
      throw new Error(`cannot resume from ${source}: it holds no optimizer state (weights-only); load it with restoreWeights instead`);
    }
    restoreWeights(this.model, checkpoint, { tokenizer: tokenizerJson(options.tokenizer), source });
    this.optimizer.setState(checkpoint.optimizer.state, this.model.variables());
    if (checkpoint.metric !== null) {
      this.metricName = checkpoint.metric.name;
      this.stopper = this.newStopper(checkpoint.metric.mode);
      this.stopper.setState(checkpoint.metric);
    }
    this.tokensSeen = checkpoint.progress.tokensSeen;
    this.elapsedSeconds = checkpoint.progress.elapsedSeconds;
  }

  /** Trains until `maxSteps`, the time budget (`maxSeconds`), early stopping, or Ctrl-C. See `FitOptions`. */
  async fit(options: FitOptions<B>): Promise<FitResult> {
    const fitStarted = performance.now();
    const cfg = this.config;
    const metric = watchedMetric(options);
    if (cfg.patience !== null && metric === null) {
      throw new Error(`TrainConfig.patience (${cfg.patience}) needs evaluation: pass an eval batch source or a metric to fit`);
    }
    if (cfg.restoreBestWeights && !options.runDir) throw new Error('TrainConfig.restoreBestWeights needs a runDir to keep the best checkpoint in');
    const runDir = options.runDir ?? null;
    const lastDir = runDir === null ? null : path.join(runDir, RUN_FILES.checkpoint);
    const bestDir = runDir === null ? null : path.join(runDir, RUN_FILES.best);

    let resumed = false;
    if (options.resume) {
      const from = typeof options.resume === 'string' ? options.resume : lastDir;
      if (from === null) throw new Error('fit: resume: true needs a runDir (or pass the checkpoint folder as resume)');
      if (checkpointExists(from)) {
        const ckpt = await loadCheckpoint(from);
        if (metric !== null && ckpt.metric !== null && ckpt.metric.name !== metric.name) {
          throw new Error(`cannot resume from '${from}': it tracked metric '${ckpt.metric.name}', this run watches '${metric.name}'`);
        }
        this.restore(ckpt, { tokenizer: options.tokenizer, source: `'${from}'` });
        if (ckpt.dataState !== undefined && options.train.setState) options.train.setState(ckpt.dataState);
        resumed = true;
      } else if (typeof options.resume === 'string') {
        throw new Error(`cannot resume: no checkpoint at '${from}'`);
      }
    }
    if (metric !== null && this.metricName !== metric.name) {
      this.metricName = metric.name;
      this.stopper = this.newStopper(metric.mode ?? 'min');
    }

    const log = runDir === null ? MetricsLog.inMemory() : MetricsLog.open(path.join(runDir, RUN_FILES.metrics), this.step, { fresh: !resumed && this.step === 0 });
    const progress = options.progress === false ? null : new ProgressLine({ every: cfg.logEvery, ...options.progress });
    const startStep = this.step;
    if (resumed) progress?.message(`resumed from step ${startStep}`);
    const interrupt = listenForInterrupt(options.interrupt, () =>
      progress?.message('interrupted: saving a checkpoint after this step (Ctrl-C again to quit without saving)'),
    );
    const save = async (dir: string) =>
      this.saveCheckpoint(dir, { tokenizer: options.tokenizer, dataState: options.train.getState?.() }, options.checkpointOptions);

    let stopReason: StopReason = 'maxSteps';
    let firstLoss: number | null = null;
    let lastLoss: number | null = null;
    let lastEvalLoss: number | null = null;
    let tokensThisCall = 0;
    let lastSavedStep = -1;
    let bestWritten = bestDir !== null && resumed && checkpointExists(bestDir);
    let stepSeconds: number | null = null; // moving average, for ETA
    let tokensPerSecond: number | null = null;
    try {
      while (this.step < cfg.maxSteps) {
        const started = performance.now();
        let tokens = 0;
        const next = () => {
          const batch = options.train.next();
          if (options.countTokens) tokens += options.countTokens(batch);
          return batch;
        };
        const result = await this.trainStep(next);
        const trainSeconds = (performance.now() - started) / 1000;
        this.tokensSeen += tokens;
        tokensThisCall += tokens;
        firstLoss ??= result.loss;
        lastLoss = result.loss;
        if (options.countTokens) tokensPerSecond = smooth(tokensPerSecond, tokens / Math.max(trainSeconds, 1e-9));
        const step = this.step;
        const info: StepInfo = { step, loss: result.loss, learningRate: result.learningRate, gradNorm: result.gradNorm, tokens, seconds: trainSeconds };
        if (step % cfg.logEvery === 0 || step === cfg.maxSteps) {
          log.append({
            step,
            split: 'train',
            loss: result.loss,
            lr: result.learningRate,
            grad_norm: result.gradNorm,
            ...(tokensPerSecond !== null ? { tokens_per_second: tokensPerSecond } : {}),
            elapsed_seconds: this.elapsedSeconds + trainSeconds,
          });
        }
        await options.onStep?.(info);

        let stop = false;
        const outOfTime = cfg.maxSeconds !== null && this.elapsedSeconds + (performance.now() - started) / 1000 >= cfg.maxSeconds;
        const evalDue = metric !== null && (step % cfg.evalEvery === 0 || step === cfg.maxSteps || outOfTime);
        if (evalDue) {
          const evalLoss = options.eval ? await this.evaluate(options.eval) : null;
          if (evalLoss !== null) lastEvalLoss = evalLoss;
          const value = await metric.compute({ step, evalLoss });
          const decision = this.stopper.update(value, step);
          const record: MetricRecord = { step, split: 'val', improved: decision.improved };
          if (evalLoss !== null) record.loss = evalLoss;
          if (metric.name !== 'val_loss' || evalLoss === null) record[metric.name] = value;
          log.append(record);
          const shown = evalLoss !== null && metric.name !== 'val_loss' ? `val_loss ${evalLoss.toFixed(4)}, ` : '';
          progress?.message(
            `step ${step}: ${shown}${metric.name} ${value.toFixed(4)}` +
              (decision.improved ? ' (best)' : ` (best ${this.stopper.best?.toFixed(4)} at step ${this.stopper.bestStep})`),
          );
          if (decision.improved && bestDir !== null) {
            await save(bestDir);
            bestWritten = true;
          }
          await options.onEval?.({ step, evalLoss, metric: metric.name, value, improved: decision.improved, best: this.stopper.best, bestStep: this.stopper.bestStep });
          if (decision.stop) {
            stopReason = 'earlyStopping';
            progress?.message(`early stopping at step ${step}: no improvement in ${metric.name} for ${this.stopper.evaluationsWithoutImprovement} evaluations`);
            stop = true;
          }
        }
        // Measured after the eval so elapsed time and ETA include evaluation.
        const wallSeconds = (performance.now() - started) / 1000;
        this.elapsedSeconds += wallSeconds;
        stepSeconds = smooth(stepSeconds, wallSeconds);
        progress?.update({
          step,
          totalSteps: cfg.maxSteps,
          loss: result.loss,
          learningRate: result.learningRate,
          tokensPerSecond,
          stepsPerSecond: 1 / Math.max(stepSeconds, 1e-9),
          etaSeconds: Math.min((cfg.maxSteps - step) * stepSeconds, cfg.maxSeconds === null ? Infinity : Math.max(0, cfg.maxSeconds - this.elapsedSeconds)),
        });
        // On cpu/wasm every await above resolves as a microtask, so without this a
        // Ctrl-C would wait for the next file write to be noticed.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (interrupt.requested()) {
          stopReason = 'interrupted';
          break;
        }
        if (stop) break;
        if (outOfTime) {
          stopReason = 'timeBudget';
          progress?.message(`time budget of ${formatDuration(cfg.maxSeconds!)} spent at step ${step}`);
          break;
        }
        if (lastDir !== null && step % cfg.checkpointEvery === 0) {
          await save(lastDir);
          lastSavedStep = step;
          this.writeCurve(runDir!, log, metric);
        } else if (evalDue && runDir !== null) {
          this.writeCurve(runDir, log, metric);
        }
      }
      // Skipped when nothing ran (resuming a finished run) and the checkpoint is already there.
      if (lastDir !== null && lastSavedStep !== this.step && (this.step !== startStep || !checkpointExists(lastDir))) await save(lastDir);
      if (runDir !== null) this.writeCurve(runDir, log, metric);
      if (stopReason === 'interrupted') {
        progress?.message(lastDir !== null ? `saved checkpoint at step ${this.step} to ${lastDir}` : `interrupted at step ${this.step}; no runDir, so nothing was saved`);
      }
      if (cfg.restoreBestWeights && bestWritten) {
        restoreWeights(this.model, await loadCheckpoint(bestDir!), { source: `'${bestDir}'` });
      }
    } finally {
      interrupt.remove();
      progress?.finish();
    }
    if (stopReason === 'interrupted') interrupt.exit();

    const best = metric !== null && this.stopper.best !== null ? { metric: metric.name, value: this.stopper.best, step: this.stopper.bestStep! } : null;
    const seconds = (performance.now() - fitStarted) / 1000;
    return { step: this.step, startStep, stopReason, seconds, tokens: tokensThisCall, tokensPerSecond: tokensThisCall / Math.max(seconds, 1e-9), lastEvalLoss, firstLoss, lastLoss, best, checkpointDir: lastDir, bestCheckpointDir: bestWritten ? bestDir : null };
  }

  /** Frees the optimizer's moments. The model is the caller's. */
  dispose(): void {
    this.optimizer.dispose();
  }

  private newStopper(mode: 'min' | 'max'): EarlyStopping {
    return new EarlyStopping({ patience: this.config.patience ?? Infinity, mode, minDelta: this.config.minDelta });
  }

  private writeCurve(runDir: string, log: MetricsLog, metric: ValidationMetric | null): void {
    const series: CurveSeries[] = [{ label: 'train', points: log.series('train', 'loss') }];
    const valLoss = log.series('val', 'loss');
    if (valLoss.length > 0) series.push({ label: 'validation', points: valLoss, markers: true });
    else if (metric !== null) series.push({ label: metric.name, points: log.series('val', metric.name), markers: true });
    const file = path.join(runDir, RUN_FILES.curve);
    // Write-then-rename so a viewer never sees half a file.
    fs.writeFileSync(`${file}.tmp`, lossCurveSvg(series, { title: 'loss', xLabel: 'step', yLabel: 'loss' }));
    fs.renameSync(`${file}.tmp`, file);
  }
}

/** The metric early stopping watches: the given one, `val_loss` with an eval source, or none. */
function watchedMetric<B>(options: FitOptions<B>): ValidationMetric | null {
  if (options.metric) return options.metric;
  if (!options.eval) return null;
  return { name: 'val_loss', mode: 'min', compute: ({ evalLoss }) => evalLoss as number };
}

function tokenizerJson(tokenizer: FitOptions<unknown>['tokenizer']): object | null {
  if (tokenizer === undefined || tokenizer === null) return null;
  const t = tokenizer as { toJSON?: () => object };
  return typeof t.toJSON === 'function' ? t.toJSON() : tokenizer;
}

/** Exponential moving average that starts at the first value. */
function smooth(previous: number | null, value: number): number {
  return previous === null ? value : 0.9 * previous + 0.1 * value;
}
