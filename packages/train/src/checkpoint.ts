import * as fs from 'fs';
import * as path from 'path';
import type { AdamWConfig, AdamWState } from './AdamW';
import type { EarlyStoppingState } from './EarlyStopping';
import type { TrainableModel } from './TrainableModel';
import { assignWeights } from './modelWeights';
import { ReplaceDirectoryOptions, completeCopy, replaceDirectory } from './replaceDirectory';
import { NamedTensorData, readTensorFile, writeTensorFile } from './tensorFile';

/** The validation metric a checkpoint was judged by, and its best value so far. */
export interface CheckpointMetric extends EarlyStoppingState {
  /** e.g. `val_loss`. */
  name: string;
  mode: 'min' | 'max';
}

/** Loop state beyond the step, so a resumed run reports and stops as the uninterrupted one would. */
export interface CheckpointProgress {
  /** Tokens (or examples, if the batches are not counted in tokens) trained on so far. */
  tokensSeen: number;
  /** Training time so far, summed over resumed runs. */
  elapsedSeconds: number;
}

/**
 * Everything a checkpoint holds: one record, as nanoGPT's `ckpt.pt`, but
 * spread over readable files in one folder:
 *
 *     checkpoint.json     step, metric, progress, training config, data state (written last)
 *     model-config.json   the model's config()
 *     weights.json/.bin   weight names, shapes, dtypes + raw little-endian values
 *     optimizer.json/.bin AdamW moments m/<name>, v/<name> (config and step are in checkpoint.json)
 *     tokenizer.json      the tokenizer's JSON, if one was given
 */
export interface Checkpoint {
  /** Optimizer updates applied so far. */
  step: number;
  /** The model's `config()`. */
  modelConfig: object;
  /** Every model weight, trainable or not. */
  weights: NamedTensorData[];
  /** AdamW hyper-parameters and state, or null for a weights-only checkpoint. */
  optimizer: { config: AdamWConfig; state: AdamWState } | null;
  /** Best validation metric, or null if never evaluated. */
  metric: CheckpointMetric | null;
  progress: CheckpointProgress;
  /** The resolved training config (JSON). */
  trainConfig: object;
  /** The training batch source's `getState()`, if it has one. */
  dataState?: unknown;
  /** The tokenizer's JSON (opaque here; `vocabSize` is checked when present). */
  tokenizer: object | null;
}

/** Options of `saveCheckpoint`. */
export interface SaveCheckpointOptions extends ReplaceDirectoryOptions {}

const FORMAT = 'tfzoo-checkpoint';
const VERSION = 1;
const MARKER = 'checkpoint.json';

/** What `checkpoint.json` holds. */
interface CheckpointIndex {
  format: typeof FORMAT;
  version: typeof VERSION;
  step: number;
  savedAt: string;
  metric: CheckpointMetric | null;
  progress: CheckpointProgress;
  trainConfig: object;
  dataState?: unknown;
  optimizer: { kind: 'AdamW'; config: AdamWConfig; step: number } | null;
  hasTokenizer: boolean;
}

/**
 * Writes a checkpoint folder atomically (see `replaceDirectory`): a crash
 * while saving leaves the previous checkpoint loadable.
 */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint, options: SaveCheckpointOptions = {}): Promise<void> {
  await replaceDirectory(
    dir,
    async (staging) => {
      await writeJson(staging, 'model-config.json', checkpoint.modelConfig);
      await writeTensorFile(staging, 'weights', checkpoint.weights);
      if (checkpoint.optimizer) await writeTensorFile(staging, 'optimizer', checkpoint.optimizer.state.tensors);
      if (checkpoint.tokenizer) await writeJson(staging, 'tokenizer.json', checkpoint.tokenizer);
      const index: CheckpointIndex = {
        format: FORMAT,
        version: VERSION,
        step: checkpoint.step,
        savedAt: new Date().toISOString(),
        metric: checkpoint.metric,
        progress: checkpoint.progress,
        trainConfig: checkpoint.trainConfig,
        dataState: checkpoint.dataState,
        optimizer: checkpoint.optimizer
          ? { kind: 'AdamW', config: checkpoint.optimizer.config, step: checkpoint.optimizer.state.step }
          : null,
        hasTokenizer: checkpoint.tokenizer !== null,
      };
      // Written last: its presence marks the folder complete.
      await writeJson(staging, MARKER, index);
    },
    options,
  );
}

/** Whether `dir` (or its `.old` copy left by a crash mid-save) holds a complete checkpoint. */
export function checkpointExists(dir: string): boolean {
  return completeCopy(dir, MARKER) !== null;
}

/**
 * Reads a checkpoint folder. If a crash interrupted a save between moving the
 * old copy aside and renaming the new one in, reads the old copy.
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const from = completeCopy(dir, MARKER);
  if (from === null) throw new Error(`no checkpoint at '${dir}': expected a folder with ${MARKER} (also looked in '${dir}.old')`);
  const index = (await readJson(from, MARKER)) as CheckpointIndex;
  if (index.format !== FORMAT || index.version !== VERSION) {
    throw new Error(`'${path.join(from, MARKER)}': expected format ${FORMAT} version ${VERSION}, got ${JSON.stringify(index.format)} version ${JSON.stringify(index.version)}`);
  }
  const optimizer = index.optimizer
    ? { config: index.optimizer.config, state: { step: index.optimizer.step, tensors: await readTensorFile(from, 'optimizer') } }
    : null;
  return {
    step: index.step,
    modelConfig: (await readJson(from, 'model-config.json')) as object,
    weights: await readTensorFile(from, 'weights'),
    optimizer,
    metric: index.metric,
    progress: index.progress,
    trainConfig: index.trainConfig,
    dataState: index.dataState,
    tokenizer: index.hasTokenizer ? ((await readJson(from, 'tokenizer.json')) as object) : null,
  };
}

/** Options of `restoreWeights`. */
export interface RestoreWeightsOptions {
  /** The tokenizer the caller will use; its vocabulary must match the checkpoint's. */
  tokenizer?: { vocabSize: number } | object | null;
  /** Names the checkpoint in errors (default: "the checkpoint"). */
  source?: string;
}

/**
 * Loads a checkpoint's weights into a model after checking that they belong
 * together: vocabulary sizes (tokenizer and model config) and every weight's
 * name and shape. Errors name the weight and both shapes; the model is not
 * modified unless everything matches.
 */
export function restoreWeights<B>(model: TrainableModel<B>, checkpoint: Checkpoint, options: RestoreWeightsOptions = {}): void {
  const source = options.source ?? 'the checkpoint';
  checkVocabulary(checkpoint, model.config(), options.tokenizer ?? null, source);
  assignWeights(model.variables(), checkpoint.weights, source);
}

/**
 * Vocabulary checks that a shape check alone would report confusingly (or
 * miss, for a tokenizer whose size changed but whose model was rebuilt to match).
 */
export function checkVocabulary(checkpoint: Checkpoint, modelConfig: object, tokenizer: object | null, source: string): void {
  const savedTokenizer = vocabSizeOf(checkpoint.tokenizer);
  const givenTokenizer = vocabSizeOf(tokenizer);
  if (savedTokenizer !== null && givenTokenizer !== null && savedTokenizer !== givenTokenizer) {
    throw new Error(`vocabulary mismatch: ${source} was trained with a tokenizer of vocabSize ${savedTokenizer}, but the given tokenizer has vocabSize ${givenTokenizer}`);
  }
  const savedModel = vocabSizeOf(checkpoint.modelConfig);
  const givenModel = vocabSizeOf(modelConfig);
  if (savedModel !== null && givenModel !== null && savedModel !== givenModel) {
    throw new Error(`vocabulary mismatch: ${source} holds a model with vocabSize ${savedModel}, but the model has vocabSize ${givenModel}`);
  }
  if (givenModel !== null && givenTokenizer !== null && givenModel !== givenTokenizer) {
    throw new Error(`vocabulary mismatch: the model has vocabSize ${givenModel}, but the given tokenizer has vocabSize ${givenTokenizer}`);
  }
}

function vocabSizeOf(o: object | null): number | null {
  const v = o === null ? undefined : (o as { vocabSize?: unknown }).vocabSize;
  return typeof v === 'number' ? v : null;
}

async function writeJson(dir: string, name: string, value: unknown): Promise<void> {
  await fs.promises.writeFile(path.join(dir, name), JSON.stringify(value, null, 1) + '\n');
}

async function readJson(dir: string, name: string): Promise<unknown> {
  const file = path.join(dir, name);
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
}
