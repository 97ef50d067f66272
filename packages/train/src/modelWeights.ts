import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import type { ModelVariable, TrainableModel } from './TrainableModel';
import { NamedTensorData, StoredDtype, readTensorFile, writeTensorFile } from './tensorFile';

/**
 * The weights of a `tf.LayersModel` as `ModelVariable`s, named by their
 * scoped names (`<layer name>/kernel`). Give layers explicit names: tfjs
 * numbers unnamed layers globally (`dense_Dense3`), so their weight names
 * differ between two instances of the same model and checkpoints would not match.
 */
export function layersModelVariables(model: tf.LayersModel): ModelVariable[] {
  const seen = new Map<string, number>();
  return model.weights.map((w, i) => {
    const name = w.originalName;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new Error(`model '${model.name}' has two weights named '${name}' (weights ${earlier} and ${i}); give its layers unique names`);
    }
    seen.set(name, i);
    // read() hands back the layer's own tf.Variable (not a copy), so assigning to it updates the layer.
    return { name, variable: w.read() as tf.Variable, trainable: w.trainable };
  });
}

/** Copies every weight's values to the JS side (for checkpoints). */
export async function readWeights(variables: readonly ModelVariable[]): Promise<NamedTensorData[]> {
  return Promise.all(
    variables.map(async ({ name, variable }) => ({
      name,
      shape: [...variable.shape],
      dtype: storedDtype(name, variable.dtype),
      data: (await variable.data()) as Float32Array | Int32Array | Uint8Array,
    })),
  );
}

/**
 * Assigns saved values to a model's weights, matched by name. Validates
 * everything first, so on error the model is left untouched. `source` names
 * where the values came from in error messages (e.g. the checkpoint folder).
 */
export function assignWeights(variables: readonly ModelVariable[], saved: readonly NamedTensorData[], source: string): void {
  const problems = weightMismatches(variables, saved);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    throw new Error(`cannot load weights from ${source}: ${shown}${more}${namingHint(variables, saved)}`);
  }
  const byName = new Map(saved.map((s) => [s.name, s]));
  tf.tidy(() => {
    for (const { name, variable } of variables) {
      const s = byName.get(name)!;
      variable.assign(tf.tensor(s.data, s.shape, s.dtype === 'bool' ? 'bool' : s.dtype));
    }
  });
}

/** Every disagreement between a model's weights and saved ones, as readable lines. */
export function weightMismatches(variables: readonly ModelVariable[], saved: readonly NamedTensorData[]): string[] {
  const problems: string[] = [];
  const byName = new Map(saved.map((s) => [s.name, s]));
  const modelNames = new Set<string>();
  for (const { name, variable } of variables) {
    modelNames.add(name);
    const s = byName.get(name);
    if (s === undefined) {
      problems.push(`weight '${name}' (shape [${variable.shape}]) is missing`);
    } else if (!sameShape(s.shape, variable.shape)) {
      problems.push(`weight '${name}' has shape [${s.shape}], expected [${variable.shape}]`);
    } else if (s.dtype !== variable.dtype) {
      problems.push(`weight '${name}' has dtype ${s.dtype}, expected ${variable.dtype}`);
    }
  }
  for (const s of saved) {
    if (!modelNames.has(s.name)) problems.push(`unexpected weight '${s.name}' (shape [${s.shape}]) that the model does not have`);
  }
  return problems;
}

/** Anything whose weights can be saved: a `tf.LayersModel`, a `TrainableModel`, or its variables. */
export type WeightHolder = tf.LayersModel | TrainableModel<unknown> | readonly ModelVariable[];

/** The named weights of a `WeightHolder`. */
export function variablesOf(holder: WeightHolder): readonly ModelVariable[] {
  if (holder instanceof tf.LayersModel) return layersModelVariables(holder);
  if (Array.isArray(holder)) return holder;
  return (holder as TrainableModel<unknown>).variables();
}

/** Saves a model's weights as `weights.json` + `weights.bin` in `dir` (created if missing). */
export async function saveWeights(dir: string, model: WeightHolder): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  await writeTensorFile(dir, 'weights', await readWeights(variablesOf(model)));
}

/** Loads `weights.json` + `weights.bin` from `dir` into a model's weights, validating names and shapes. */
export async function loadWeights(dir: string, model: WeightHolder): Promise<void> {
  assignWeights(variablesOf(model), await readTensorFile(dir, 'weights'), `'${dir}'`);
}

function storedDtype(name: string, dtype: tf.DataType): StoredDtype {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
  throw new Error(`weight '${name}' has dtype ${dtype}; only float32, int32 and bool weights can be saved`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** When no names match at all, the likely cause is auto-generated layer names. */
function namingHint(variables: readonly ModelVariable[], saved: readonly NamedTensorData[]): string {
  const savedNames = new Set(saved.map((s) => s.name));
  const anyMatch = variables.some((v) => savedNames.has(v.name));
  if (anyMatch || variables.length === 0 || saved.length === 0) return '';
  return ' (no weight names match: were the layers left unnamed, so tfjs numbered them differently? Give every layer an explicit name)';
}
