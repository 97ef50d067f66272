import * as fs from 'fs';
import * as path from 'path';
import { assignWeights, checkpointExists, loadCheckpoint, readTensorFile } from '@tfzoo/train';
import { describeFolder } from './describeFolder';
import { checkSeq2SeqConfig } from './Seq2SeqConfig';
import { readSeq2SeqIndex, SEQ2SEQ_FILES } from './seq2seqFolder';
import { SEQ2SEQ_ARCHITECTURE, Seq2SeqTransformer } from './Seq2SeqTransformer';

/** A training run folder keeps its final model here. */
export const RUN_MODEL_FOLDER = 'model';

/** Checkpoints of a run folder (@tfzoo/train's RUN_FILES), in the order they are preferred. */
const RUN_CHECKPOINTS = ['best', 'checkpoint'];

/**
 * Loads a Seq2SeqTransformer. `dir` may be:
 * - a folder written by `model.save(dir)` or `translator.save(dir)` (with `seq2seq.json`);
 * - a training run folder: its final model in `model/`, else its `best/`, else its latest
 *   `checkpoint/`;
 * - a training checkpoint folder (`checkpoint.json`) of a Seq2SeqTransformer.
 *
 * Errors say what is wrong: a missing folder, a folder of another model type (naming what
 * it holds), a corrupt index, or weights that do not match the config.
 */
export async function loadSeq2SeqTransformer(dir: string): Promise<Seq2SeqTransformer> {
  return loadFrom(resolveModelFolder(dir));
}

/** Where in `dir` the model is: a saved folder or a checkpoint folder. */
export function resolveModelFolder(dir: string): { kind: 'saved' | 'checkpoint'; dir: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new Error(`no Seq2SeqTransformer at '${dir}': the folder does not exist`);
  }
  if (!stat.isDirectory()) {
    if (path.basename(dir) === SEQ2SEQ_FILES.index) return { kind: 'saved', dir: path.dirname(dir) };
    throw new Error(`expected a Seq2SeqTransformer folder, got the file '${dir}'`);
  }
  if (fs.existsSync(path.join(dir, SEQ2SEQ_FILES.index))) return { kind: 'saved', dir };
  if (fs.existsSync(path.join(dir, RUN_MODEL_FOLDER, SEQ2SEQ_FILES.index))) return { kind: 'saved', dir: path.join(dir, RUN_MODEL_FOLDER) };
  if (checkpointExists(dir)) return { kind: 'checkpoint', dir };
  for (const sub of RUN_CHECKPOINTS) {
    if (checkpointExists(path.join(dir, sub))) return { kind: 'checkpoint', dir: path.join(dir, sub) };
  }
  throw new Error(
    `${describeFolder(dir)}, not a Seq2SeqTransformer: expected ${SEQ2SEQ_FILES.index} (a folder saved by model.save or translator.save), ` +
      `a run folder with ${RUN_MODEL_FOLDER}/${SEQ2SEQ_FILES.index}, or a training checkpoint of a Seq2SeqTransformer`,
  );
}

async function loadFrom(where: { kind: 'saved' | 'checkpoint'; dir: string }): Promise<Seq2SeqTransformer> {
  const { dir } = where;
  if (where.kind === 'saved') {
    const { config } = await readSeq2SeqIndex(dir);
    const weights = await readTensorFile(dir, SEQ2SEQ_FILES.weights).catch((e: Error) => {
      throw new Error(`cannot read the weights of '${dir}': ${e.message}`);
    });
    const model = Seq2SeqTransformer.fromConfig(config);
    try {
      assignWeights(model.variables(), weights, `'${dir}'`);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }
  const checkpoint = await loadCheckpoint(dir);
  const { architecture, ...fields } = checkpoint.modelConfig as { architecture?: unknown } & Record<string, unknown>;
  if (architecture !== SEQ2SEQ_ARCHITECTURE) {
    throw new Error(`'${dir}' is a training checkpoint of ${architecture === undefined ? 'a model that is not a Seq2SeqTransformer' : `a '${String(architecture)}' model`}, not a Seq2SeqTransformer`);
  }
  const model = Seq2SeqTransformer.fromConfig(checkSeq2SeqConfig(fields, path.join(dir, 'model-config.json')));
  try {
    assignWeights(model.variables(), checkpoint.weights, `'${dir}'`);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
