import * as fs from 'fs';
import * as path from 'path';
import { saveWeights, type TrainableModel } from '@tfzoo/train';

/** The file that records which model class a folder holds and its config. */
export const MODEL_CONFIG_FILE = 'model.json';

/** What `model.json` holds. */
export interface SavedModelConfig<C> {
  /** Which class wrote the folder, e.g. `RnnLanguageModel`. */
  className: string;
  /** The model's config, enough to rebuild it. */
  config: C;
}

/**
 * Saves a model as `model.json` (class name and config) plus `weights.json`/`weights.bin`
 * (@tfzoo/train's weight files), in `dir` (created if missing).
 */
export async function saveModelFiles<C>(dir: string, className: string, config: C, model: TrainableModel<unknown>): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  const record: SavedModelConfig<C> = { className, config };
  await fs.promises.writeFile(path.join(dir, MODEL_CONFIG_FILE), JSON.stringify(record, null, 1) + '\n');
  await saveWeights(dir, model);
}

/** Reads `dir/model.json`, checking that it was written by `className`. */
export async function readModelConfig<C>(dir: string, className: string): Promise<C> {
  const file = path.join(dir, MODEL_CONFIG_FILE);
  let record: Partial<SavedModelConfig<C>>;
  try {
    record = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  if (record.className !== className) {
    throw new Error(`'${dir}' holds a ${JSON.stringify(record.className)} model, expected a ${className}`);
  }
  if (record.config === undefined || record.config === null) throw new Error(`'${file}' has no config`);
  return record.config;
}
