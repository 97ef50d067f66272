import { Random } from '@tfzoo/data';

/** A value a hyper-parameter can take. */
export type ParamValue = number | string | boolean;

/** Uniform over [min, max]; a grid takes `steps` evenly spaced points. */
export interface UniformRange {
  kind: 'uniform';
  min: number;
  max: number;
  /** Points on a grid (including both ends); required for grid search. */
  steps?: number;
}

/** Log-uniform over [min, max] (learning rates, weight decay); a grid takes `steps` geometrically spaced points. */
export interface LogUniformRange {
  kind: 'logUniform';
  min: number;
  max: number;
  /** Points on a grid (including both ends); required for grid search. */
  steps?: number;
}

/** Integers min, min + step, …, ≤ max (widths, layer counts); a grid takes all of them. */
export interface IntRange {
  kind: 'int';
  min: number;
  max: number;
  /** Spacing (default 1). */
  step?: number;
}

/** A hyper-parameter's domain: a list of values, or a range. */
export type ParamSpec = readonly ParamValue[] | UniformRange | LogUniformRange | IntRange;

/** Hyper-parameter name → domain, e.g. `{ learningRate: logUniform(1e-4, 1e-2), batchSize: [16, 32] }`. */
export type SearchSpace = Record<string, ParamSpec>;

/** The parameter object a space yields: list entries keep their element type, ranges give numbers. */
export type ParamsOf<S extends SearchSpace> = { [K in keyof S]: S[K] extends readonly (infer V)[] ? V : number };

/** Uniform range; `steps` grid points if used in a grid. */
export function uniform(min: number, max: number, steps?: number): UniformRange {
  return { kind: 'uniform', min, max, steps };
}

/** Log-uniform range (both ends > 0); `steps` grid points if used in a grid. */
export function logUniform(min: number, max: number, steps?: number): LogUniformRange {
  return { kind: 'logUniform', min, max, steps };
}

/** Integer range, inclusive of both ends when `step` divides the span. */
export function intRange(min: number, max: number, step = 1): IntRange {
  return { kind: 'int', min, max, step };
}

/** Every combination of the space's values (last key varies fastest). Ranges need `steps` (int ranges enumerate). */
export function gridPoints<S extends SearchSpace>(space: S): ParamsOf<S>[] {
  const keys = Object.keys(space);
  const axes = keys.map((k) => gridValues(k, space[k]));
  const points: Record<string, ParamValue>[] = [{}];
  keys.forEach((key, i) => {
    const next: Record<string, ParamValue>[] = [];
    for (const p of points) for (const v of axes[i]) next.push({ ...p, [key]: v });
    points.splice(0, points.length, ...next);
  });
  return points as ParamsOf<S>[];
}

/** One random point of the space. */
export function sampleParams<S extends SearchSpace>(space: S, rng: Random): ParamsOf<S> {
  const params: Record<string, ParamValue> = {};
  for (const [key, spec] of Object.entries(space)) {
    validate(key, spec);
    if (isList(spec)) {
      params[key] = spec[rng.nextInt(spec.length)];
    } else if (spec.kind === 'uniform') {
      params[key] = rng.uniform(spec.min, spec.max);
    } else if (spec.kind === 'logUniform') {
      params[key] = Math.exp(rng.uniform(Math.log(spec.min), Math.log(spec.max)));
    } else {
      const step = spec.step ?? 1;
      params[key] = spec.min + step * rng.nextInt(Math.floor((spec.max - spec.min) / step) + 1);
    }
  }
  return params as ParamsOf<S>;
}

function gridValues(key: string, spec: ParamSpec): readonly ParamValue[] {
  validate(key, spec);
  if (isList(spec)) return spec;
  if (spec.kind === 'int') {
    const values: number[] = [];
    for (let v = spec.min; v <= spec.max; v += spec.step ?? 1) values.push(v);
    return values;
  }
  const steps = spec.steps;
  if (steps === undefined) {
    throw new Error(`grid search needs discrete values for '${key}': give a list, or a ${spec.kind} range with steps (e.g. ${spec.kind}(${spec.min}, ${spec.max}, 3))`);
  }
  if (steps === 1) return [spec.min];
  const values: number[] = [];
  for (let i = 0; i < steps; i++) {
    const f = i / (steps - 1);
    values.push(spec.kind === 'uniform' ? spec.min + f * (spec.max - spec.min) : Math.exp(Math.log(spec.min) + f * Math.log(spec.max / spec.min)));
  }
  return values;
}

function validate(key: string, spec: ParamSpec): void {
  if (isList(spec)) {
    if (spec.length === 0) throw new Error(`search space '${key}': expected at least one value, got an empty list`);
    return;
  }
  if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max) || spec.min > spec.max) {
    throw new Error(`search space '${key}': expected finite min <= max, got [${spec.min}, ${spec.max}]`);
  }
  if (spec.kind === 'logUniform' && spec.min <= 0) {
    throw new Error(`search space '${key}': a logUniform range needs min > 0, got ${spec.min}`);
  }
  if (spec.kind === 'int') {
    const step = spec.step ?? 1;
    if (!Number.isInteger(spec.min) || !Number.isInteger(spec.max) || !Number.isInteger(step) || step < 1) {
      throw new Error(`search space '${key}': an int range needs integer min, max and step >= 1, got min ${spec.min}, max ${spec.max}, step ${step}`);
    }
  } else if (spec.kind !== 'uniform' && spec.kind !== 'logUniform') {
    throw new Error(`search space '${key}': unknown range kind '${(spec as { kind: string }).kind}'`);
  } else if (spec.steps !== undefined && (!Number.isInteger(spec.steps) || spec.steps < 1)) {
    throw new Error(`search space '${key}': expected steps to be an integer >= 1, got ${spec.steps}`);
  }
}

function isList(spec: ParamSpec): spec is readonly ParamValue[] {
  return Array.isArray(spec);
}
