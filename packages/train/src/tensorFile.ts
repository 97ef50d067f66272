import * as fs from 'fs';
import * as path from 'path';

/** Dtypes a tensor file can hold. */
export type StoredDtype = 'float32' | 'int32' | 'bool';

/** A tensor's values on the JS side, with its name: what weight and optimizer files hold. */
export interface NamedTensorData {
  /** Stable name (a `ModelVariable` name, or `m/<name>` for optimizer moments). */
  name: string;
  shape: number[];
  dtype: StoredDtype;
  /** Row-major values; `bool` is stored one byte per value. */
  data: Float32Array | Int32Array | Uint8Array;
}

/** One tensor's entry in a manifest: where its bytes are in the `.bin` file. */
export interface TensorManifestEntry {
  name: string;
  shape: number[];
  dtype: StoredDtype;
  /** Byte offset in the binary file, a multiple of 4. */
  offset: number;
  byteLength: number;
}

/** The JSON half of a tensor file: names, shapes and dtypes, and where each tensor's bytes are. */
export interface TensorManifest {
  format: 'tfzoo-tensors';
  version: 1;
  /** Name of the binary file beside the manifest. */
  binary: string;
  /** Byte order of the binary file: always little-endian (every platform Node runs on). */
  byteOrder: 'little-endian';
  /** Total size of the binary file, to detect truncation. */
  byteLength: number;
  tensors: TensorManifestEntry[];
}

const BYTES_PER_VALUE: Record<StoredDtype, number> = { float32: 4, int32: 4, bool: 1 };

/** Packs tensors into one buffer and a manifest describing it; offsets are 4-byte aligned. */
export function encodeTensors(tensors: readonly NamedTensorData[], binaryName: string): { manifest: TensorManifest; bytes: Buffer } {
  assertLittleEndian();
  const seen = new Set<string>();
  const entries: TensorManifestEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    if (seen.has(t.name)) throw new Error(`encodeTensors: duplicate tensor name '${t.name}'`);
    seen.add(t.name);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== size) {
      throw new Error(`encodeTensors: tensor '${t.name}' has shape [${t.shape}] (${size} values) but ${t.data.length} values`);
    }
    const byteLength = size * BYTES_PER_VALUE[t.dtype];
    entries.push({ name: t.name, shape: [...t.shape], dtype: t.dtype, offset, byteLength });
    offset += align4(byteLength);
  }
  const bytes = Buffer.alloc(offset);
  tensors.forEach((t, i) => {
    const src = Buffer.from(t.data.buffer, t.data.byteOffset, entries[i].byteLength);
    src.copy(bytes, entries[i].offset);
  });
  const manifest: TensorManifest = {
    format: 'tfzoo-tensors',
    version: 1,
    binary: binaryName,
    byteOrder: 'little-endian',
    byteLength: offset,
    tensors: entries,
  };
  return { manifest, bytes };
}

/**
 * Unpacks a buffer described by a manifest. `source` names the file in errors.
 * Values are copied out, so the result does not alias `bytes`.
 */
export function decodeTensors(manifest: TensorManifest, bytes: Uint8Array, source: string): NamedTensorData[] {
  assertLittleEndian();
  if (manifest.format !== 'tfzoo-tensors' || manifest.version !== 1) {
    throw new Error(`${source}: expected a tfzoo-tensors version 1 manifest, got format ${JSON.stringify(manifest.format)} version ${JSON.stringify(manifest.version)}`);
  }
  if (bytes.byteLength !== manifest.byteLength) {
    throw new Error(`${source}: expected ${manifest.byteLength} bytes in ${manifest.binary}, got ${bytes.byteLength} (truncated or mismatched file)`);
  }
  return manifest.tensors.map((e) => {
    const perValue = BYTES_PER_VALUE[e.dtype];
    if (perValue === undefined) throw new Error(`${source}: tensor '${e.name}' has unsupported dtype '${e.dtype}'`);
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.byteLength !== size * perValue || e.offset < 0 || e.offset + e.byteLength > bytes.byteLength) {
      throw new Error(`${source}: tensor '${e.name}' (shape [${e.shape}], ${e.dtype}) has byte range [${e.offset}, ${e.offset + e.byteLength}) that does not fit its shape or the ${bytes.byteLength}-byte file`);
    }
    // A fresh, 4-byte-aligned copy: file buffers come from a pool at arbitrary offsets.
    const copy = new Uint8Array(e.byteLength);
    copy.set(bytes.subarray(e.offset, e.offset + e.byteLength));
    const data =
      e.dtype === 'float32'
        ? new Float32Array(copy.buffer, copy.byteOffset, size)
        : e.dtype === 'int32'
          ? new Int32Array(copy.buffer, copy.byteOffset, size)
          : new Uint8Array(copy.buffer, copy.byteOffset, size);
    return { name: e.name, shape: [...e.shape], dtype: e.dtype, data };
  });
}

/** Writes `<stem>.json` (manifest) and `<stem>.bin` (values) into `dir`. */
export async function writeTensorFile(dir: string, stem: string, tensors: readonly NamedTensorData[]): Promise<void> {
  const { manifest, bytes } = encodeTensors(tensors, `${stem}.bin`);
  await fs.promises.writeFile(path.join(dir, `${stem}.bin`), bytes);
  await fs.promises.writeFile(path.join(dir, `${stem}.json`), JSON.stringify(manifest, null, 1) + '\n');
}

/** Reads a tensor file written by `writeTensorFile`. */
export async function readTensorFile(dir: string, stem: string): Promise<NamedTensorData[]> {
  const manifestPath = path.join(dir, `${stem}.json`);
  const manifest = JSON.parse(await fs.promises.readFile(manifestPath, 'utf8')) as TensorManifest;
  const bytes = await fs.promises.readFile(path.join(dir, manifest.binary ?? `${stem}.bin`));
  return decodeTensors(manifest, bytes, manifestPath);
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('tfzoo tensor files are little-endian; this platform is big-endian');
  }
}
