import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

const SCHEME = 'file://';
const MODEL_JSON = 'model.json';

/**
 * A tfjs IOHandler that saves a model into a folder and loads it back, in the
 * same layout as `@tensorflow/tfjs-node` (`model.json` plus a binary weights
 * file), so either can read what the other wrote.
 *
 * Saving is atomic: the weights go to a fresh file named by a random suffix,
 * then `model.json` (which names that file) replaces the old one by rename.
 * A crash at any point leaves either the old model or the new one, never a mix;
 * the old weights file is removed only after the switch.
 *
 * @example
 * await model.save(fileSystem('runs/tiny'));        // or model.save('file://runs/tiny') after initBackend()
 * const again = await tf.loadLayersModel(fileSystem('runs/tiny'));
 */
export function fileSystem(dir: string): tf.io.IOHandler {
  const folder = dir.endsWith(MODEL_JSON) ? path.dirname(dir) : dir;
  return {
    save: (artifacts) => saveArtifacts(folder, artifacts),
    load: () => loadArtifacts(folder),
  };
}

async function saveArtifacts(folder: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('saving a binary (protobuf) model topology is not supported; save a tf.LayersModel');
  }
  await fs.promises.mkdir(folder, { recursive: true });
  const previous = await readModelJSON(folder).catch(() => null);

  const weightsFile = `weights.${randomBytes(4).toString('hex')}.bin`;
  const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  await writeFileAtomic(path.join(folder, weightsFile), Buffer.from(weightData));

  const modelJSON: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig !== undefined) modelJSON.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature !== undefined) modelJSON.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata !== undefined) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer !== undefined) modelJSON.modelInitializer = artifacts.modelInitializer;
  await writeFileAtomic(path.join(folder, MODEL_JSON), JSON.stringify(modelJSON));

  // The new model.json is live; weights the old one named are garbage now.
  for (const group of previous?.weightsManifest ?? []) {
    for (const p of group.paths) {
      if (p !== weightsFile) await fs.promises.rm(path.join(folder, p), { force: true });
    }
  }
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
      weightDataBytes: weightData.byteLength,
    },
  };
}

async function loadArtifacts(folder: string): Promise<tf.io.ModelArtifacts> {
  const modelJSON = await readModelJSON(folder);
  return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const p of group.paths) {
        const file = path.join(folder, p);
        const bytes = await fs.promises.readFile(file).catch((e: NodeJS.ErrnoException) => {
          throw new Error(`cannot read weights file ${file} named by ${path.join(folder, MODEL_JSON)}: ${e.code ?? e.message}`);
        });
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
    }
    return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
  });
}

async function readModelJSON(folder: string): Promise<tf.io.ModelJSON> {
  const file = path.join(folder, MODEL_JSON);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no saved model at ${folder}: ${file} does not exist` : `cannot read ${file}: ${code}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const json = parsed as Partial<tf.io.ModelJSON>;
  if (typeof json !== 'object' || json === null || json.modelTopology === undefined || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${file} is not a tfjs model.json: expected "modelTopology" and "weightsManifest"`);
  }
  return json as tf.io.ModelJSON;
}

/** Writes `data` to a temporary file beside `file`, then renames it over `file`. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

let registered = false;

/**
 * Lets `model.save('file://…')` and `tf.loadLayersModel('file://…')` work
 * without tfjs-node. Does nothing when a `file://` handler already exists
 * (tfjs-node registers its own), since tfjs refuses ambiguous URLs.
 */
export function registerFileSystemRouter(): void {
  if (registered) return;
  const probe = `${SCHEME}${path.resolve('tfzoo-probe')}`;
  if (tf.io.getSaveHandlers(probe).length > 0 || tf.io.getLoadHandlers(probe).length > 0) return;
  // tfjs routers answer null for URLs they do not handle; its typings say IOHandler.
  const route = ((url: string | string[]) =>
    typeof url === 'string' && url.startsWith(SCHEME) ? fileSystem(url.slice(SCHEME.length)) : null) as unknown as Parameters<typeof tf.io.registerSaveRouter>[0];
  tf.io.registerSaveRouter(route);
  tf.io.registerLoadRouter(route);
  registered = true;
}
