import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { fileSystem } from '@tfzoo/core';
import { loadTokenizer, tokenizerFromJSON } from '@tfzoo/tokenizers';
import { assignWeights, checkpointExists, loadCheckpoint, NamedTensorData, restoreWeights } from '@tfzoo/train';
import { GPT } from './GPT';
import { checkGPTConfig, GPTConfig } from './GPTConfig';
import { GPT_FILES, GPT_FORMAT, GPT_FORMAT_VERSION, GPTFolderIndex } from './gptFolderFormat';

/** A training run folder keeps its final model here (see `trainLanguageModel`'s callers). */
export const RUN_MODEL_FOLDER = 'model';

/** Checkpoints of a run folder (@tfzoo/train's RUN_FILES), in the order loadGPT prefers them. */
const RUN_CHECKPOINTS = ['best', 'checkpoint'];

/**
 * Loads a GPT and its tokenizer in one call. `dir` may be:
 * - a folder written by `gpt.save(dir)` / `saveGPT` (with `gpt.json`);
 * - a training run folder: its final model in `model/`, or else (training still running, or
 *   stopped) its `best/`, or else its latest `checkpoint/`;
 * - a training checkpoint folder (`checkpoint.json`, e.g. `runs/x/best`) of a GPT.
 *
 * Errors say what is wrong: a missing folder, a folder of another kind (naming what it
 * holds), a corrupt index or weights file, or a tokenizer whose vocabulary does not match
 * the model.
 *
 * @example
 * const gpt = await loadGPT('runs/gpt-shakespeare');
 * console.log((await gpt.generate('ROMEO:', { maxNewTokens: 100, seed: 1 })).text);
 */
export async function loadGPT(dir: string): Promise<GPT> {
  const folder = resolveFolder(dir);
  if (fs.existsSync(path.join(folder, GPT_FILES.index))) return loadSavedGPT(folder);
  if (fs.existsSync(path.join(folder, RUN_MODEL_FOLDER, GPT_FILES.index))) return loadSavedGPT(path.join(folder, RUN_MODEL_FOLDER));
  if (checkpointExists(folder)) return loadCheckpointGPT(folder);
  // A run folder without model/ yet (training still going, or stopped by Ctrl-C).
  for (const sub of RUN_CHECKPOINTS) {
    if (checkpointExists(path.join(folder, sub))) return loadCheckpointGPT(path.join(folder, sub));
  }
  throw new Error(notAGPTFolder(folder));
}

/** The `gpt.json` of a saved GPT folder (config, parameter count, metadata), checked. */
export async function readGPTIndex(dir: string): Promise<GPTFolderIndex> {
  const file = path.join(dir, GPT_FILES.index);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no GPT model at '${dir}': ${file} does not exist` : `cannot read ${file}: ${(e as Error).message}`);
  }
  const index = parsed as Partial<GPTFolderIndex> | null;
  if (index === null || typeof index !== 'object' || index.format !== GPT_FORMAT) {
    throw new Error(`${file} is not a tfzoo GPT index: expected "format": "${GPT_FORMAT}", got ${JSON.stringify(index?.format)}`);
  }
  if (index.version !== GPT_FORMAT_VERSION) {
    throw new Error(`${file} has format version ${JSON.stringify(index.version)}; this @tfzoo/gpt reads version ${GPT_FORMAT_VERSION}`);
  }
  return { ...index, config: checkGPTConfig(index.config, file) } as GPTFolderIndex;
}

async function loadSavedGPT(dir: string): Promise<GPT> {
  const { config } = await readGPTIndex(dir);
  const tokenizer = await loadTokenizer(path.join(dir, GPT_FILES.tokenizer), { expectedVocabSize: config.vocabSize, expectedBy: `the model in '${dir}'` });
  const weights = await readSavedWeights(dir);
  const gpt = new GPT(config, tokenizer);
  try {
    assignWeights(gpt.trainable().variables(), weights, `'${dir}'`);
  } catch (e) {
    gpt.dispose();
    throw e;
  }
  return gpt;
}

async function loadCheckpointGPT(dir: string): Promise<GPT> {
  const checkpoint = await loadCheckpoint(dir);
  const { architecture, ...fields } = checkpoint.modelConfig as { architecture?: unknown } & Record<string, unknown>;
  if (architecture !== 'gpt') {
    throw new Error(`'${dir}' is a training checkpoint of ${architecture === undefined ? 'a model that is not a GPT' : `a '${String(architecture)}' model`}, not a GPT`);
  }
  const config: GPTConfig = checkGPTConfig(fields, `${path.join(dir, 'model-config.json')}`);
  if (checkpoint.tokenizer === null) throw new Error(`the checkpoint '${dir}' holds no tokenizer; it was trained without one, so its text cannot be decoded`);
  const tokenizer = tokenizerFromJSON(checkpoint.tokenizer);
  const gpt = new GPT(config, tokenizer);
  try {
    restoreWeights(gpt.trainable(), checkpoint, { tokenizer, source: `'${dir}'` });
  } catch (e) {
    gpt.dispose();
    throw e;
  }
  return gpt;
}

/** Reads model.json's weights as named arrays, checking the weights file holds every byte it should. */
async function readSavedWeights(dir: string): Promise<NamedTensorData[]> {
  const artifacts = await fileSystem(dir).load!();
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const expected = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * bytesPerElement(s.dtype), 0);
  if (data.byteLength !== expected) {
    throw new Error(`the weights of '${dir}' are corrupt: ${GPT_FILES.model} describes ${expected} bytes of weights, the weights file holds ${data.byteLength}`);
  }
  const tensors = tf.io.decodeWeights(data, specs);
  try {
    return specs.map((s) => {
      const t = tensors[s.name];
      return { name: s.name, shape: [...t.shape], dtype: t.dtype as NamedTensorData['dtype'], data: t.dataSync() as Float32Array | Int32Array };
    });
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

function bytesPerElement(dtype: string): number {
  return dtype === 'bool' ? 1 : 4;
}

function resolveFolder(dir: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new Error(`no GPT model at '${dir}': the folder does not exist`);
  }
  if (stat.isDirectory()) return dir;
  const base = path.basename(dir);
  if (base === GPT_FILES.index || base === GPT_FILES.model) return path.dirname(dir);
  throw new Error(`expected a GPT model folder, got the file '${dir}'`);
}

/** Why `dir` is not something loadGPT reads, naming what it seems to hold. */
function notAGPTFolder(dir: string): string {
  const entries = fs.readdirSync(dir).sort();
  const expected = `expected ${GPT_FILES.index} (a folder saved by gpt.save / saveGPT), a run folder with ${RUN_MODEL_FOLDER}/${GPT_FILES.index}, or a training checkpoint`;
  for (const name of entries.filter((e) => e.endsWith('.json'))) {
    try {
      const format = (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { format?: unknown }).format;
      if (typeof format === 'string' && format.startsWith('tfzoo-')) {
        return `'${dir}' holds a ${format.slice('tfzoo-'.length)} model (${name} says format "${format}"), not a GPT; ${expected}`;
      }
    } catch {
      // not JSON we can read: listed below
    }
  }
  if (entries.includes(GPT_FILES.model)) {
    return `'${dir}' holds a tfjs model.json but no ${GPT_FILES.index}: it is not a tfzoo GPT (or its save was interrupted); ${expected}`;
  }
  const shown = entries.length === 0 ? 'it is empty' : `it holds ${entries.slice(0, 8).join(', ')}${entries.length > 8 ? ', …' : ''}`;
  return `'${dir}' is not a GPT model folder: ${expected}; ${shown}`;
}
