/** Timing for the benchmarks: a median of several timed repetitions after warm-up runs, with the spread. */

/** How long something took over several repetitions (all in the same unit, e.g. ms). */
export interface Measurement {
  /** The median of the timed repetitions. */
  median: number;
  /** The fastest repetition. */
  min: number;
  /** The slowest repetition. */
  max: number;
  /** Every timed repetition, in order. */
  samples: number[];
}

/** How many runs {@link measure} makes. */
export interface MeasureOptions {
  /** Untimed runs first (kernel compilation, allocation, caches). Default 1. */
  warmup?: number;
  /** Timed runs, at least. Default 5. */
  reps?: number;
  /**
   * Keep timing (up to `maxReps`) until the timed runs add up to this many ms, so that
   * fast figures get more samples. Default 0: exactly `reps`.
   */
  minTimeMs?: number;
  /** Most timed runs when `minTimeMs` asks for more. Default `reps`. */
  maxReps?: number;
}

/** Times an async function (its returned promise must cover the work, e.g. by awaiting `data()`), in milliseconds. */
export async function measure(run: () => Promise<unknown>, options: MeasureOptions = {}): Promise<Measurement> {
  const warmup = options.warmup ?? 1;
  const reps = options.reps ?? 5;
  const maxReps = Math.max(reps, options.maxReps ?? reps);
  const minTimeMs = options.minTimeMs ?? 0;
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`measure: expected reps >= 1, got ${reps}`);
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  let total = 0;
  while (samples.length < reps || (total < minTimeMs && samples.length < maxReps)) {
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    samples.push(ms);
    total += ms;
  }
  return summarize(samples);
}

/** Median, min and max of samples. */
export function summarize(samples: readonly number[]): Measurement {
  if (samples.length === 0) throw new Error('summarize: expected at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples: [...samples] };
}

/** Applies `f` to every figure of a measurement (e.g. ms per step → tokens/s; note a decreasing `f` swaps min and max). */
export function mapMeasurement(m: Measurement, f: (x: number) => number): Measurement {
  return summarize(m.samples.map(f));
}

/** `12.3 (11.9–13.0)` with a unit suffix. */
export function formatMeasurement(m: Measurement, unit: string, digits = significantDigits(m.median)): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(m.median)} (${f(m.min)}–${f(m.max)})${unit ? ` ${unit}` : ''}`;
}

/** Decimals that show about three significant digits. */
export function significantDigits(x: number): number {
  const a = Math.abs(x);
  if (a >= 100 || a === 0) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}
