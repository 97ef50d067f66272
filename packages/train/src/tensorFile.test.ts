import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeTensors, encodeTensors, readTensorFile, writeTensorFile, NamedTensorData } from './tensorFile';

const tensors: NamedTensorData[] = [
  { name: 'embedding/embeddings', shape: [3, 2], dtype: 'float32', data: new Float32Array([1, 2, 3, 4, 5, 6.5]) },
  { name: 'mask', shape: [3], dtype: 'bool', data: new Uint8Array([1, 0, 1]) },
  { name: 'counts', shape: [2], dtype: 'int32', data: new Int32Array([-7, 9]) },
  { name: 'scalar', shape: [], dtype: 'float32', data: new Float32Array([0.25]) },
];

describe('tensor files', () => {
  it('round-trip names, shapes, dtypes and values, with 4-byte aligned offsets', () => {
    const { manifest, bytes } = encodeTensors(tensors, 'w.bin');
    expect(manifest.tensors.map((t) => t.offset)).toEqual([0, 24, 28, 36]);
    expect(manifest.byteLength).toBe(40);
    const back = decodeTensors(JSON.parse(JSON.stringify(manifest)), bytes, 'w.json');
    expect(back.map((t) => [t.name, t.shape, t.dtype, Array.from(t.data)])).toEqual(tensors.map((t) => [t.name, t.shape, t.dtype, Array.from(t.data)]));
    expect(back[0].data).toBeInstanceOf(Float32Array);
    expect(back[1].data).toBeInstanceOf(Uint8Array);
    expect(back[2].data).toBeInstanceOf(Int32Array);
  });

  it('reads back from disk, from an unaligned buffer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-tensors-'));
    await writeTensorFile(dir, 'weights', tensors);
    expect(fs.existsSync(path.join(dir, 'weights.json'))).toBe(true);
    const back = await readTensorFile(dir, 'weights');
    expect(Array.from(back[0].data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    // Decoding from a view at an odd offset must still work (file buffers come from pools).
    const { manifest, bytes } = encodeTensors(tensors, 'w.bin');
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeTensors(manifest, shifted.subarray(1), 'x')[2].data)).toEqual([-7, 9]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports truncation, bad sizes and duplicate names', () => {
    const { manifest, bytes } = encodeTensors(tensors, 'w.bin');
    expect(() => decodeTensors(manifest, bytes.subarray(0, 30), 'w.json')).toThrow('w.json: expected 40 bytes in w.bin, got 30');
    expect(() => encodeTensors([{ ...tensors[0], shape: [4, 2] }], 'x.bin')).toThrow("tensor 'embedding/embeddings' has shape [4,2] (8 values) but 6 values");
    expect(() => encodeTensors([tensors[0], tensors[0]], 'x.bin')).toThrow("duplicate tensor name 'embedding/embeddings'");
  });
});
