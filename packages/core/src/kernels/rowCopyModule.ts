import { instanceOnMemory, WasmMemory } from './webAssemblyApi';
import { encodeModule, heapMemoryImport, I32, op, WasmFunction } from './wasmBinaryWriter';

/**
 * tfzoo's WebAssembly module for strided row copies on the wasm heap, with `memory.copy`
 * (a memmove compiled to native code). Pointers and sizes are in bytes.
 *
 * Why: wasm's Slice, SplitV and Concat kernels copy in JavaScript, a `subarray` + `set` per row,
 * and on the threaded build's shared heap V8 copies SharedArrayBuffer views element by element:
 * splitting a fused QKV projection (768, 384) cost 3-4 ms there.
 */
export interface RowCopyExports {
  /** For r in [0, rows): bytes [src + r·srcStride, +rowBytes) → dst + r·dstStride. */
  copyRows(src: number, srcStride: number, dst: number, dstStride: number, rowBytes: number, rows: number): void;
}

function copyRowsFunction(): WasmFunction {
  const [src, srcStride, dst, dstStride, rowBytes, rows] = [0, 1, 2, 3, 4, 5];
  const body = [
    ...op.block,
    ...op.localGet(rows), ...op.i32Const(1), ...op.i32LtS, ...op.brIf(0),
    ...op.loop,
    ...op.localGet(dst), ...op.localGet(src), ...op.localGet(rowBytes), ...op.memoryCopy,
    ...op.localGet(src), ...op.localGet(srcStride), ...op.i32Add, ...op.localSet(src),
    ...op.localGet(dst), ...op.localGet(dstStride), ...op.i32Add, ...op.localSet(dst),
    ...op.localGet(rows), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(rows), ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
  return { exportName: 'copyRows', params: new Array(6).fill(I32), locals: [], body };
}

/** The module's binary for a shared (threaded build) or unshared memory. */
export function rowCopyBinary(shared: boolean): Uint8Array {
  return encodeModule(heapMemoryImport(shared), [copyRowsFunction()]);
}

const instances = new WeakMap<WasmMemory, RowCopyExports | null>();

/** The module on `memory` (one instance per memory), or null where this engine cannot run it. */
export function rowCopyFor(memory: WasmMemory): RowCopyExports | null {
  return instanceOnMemory(memory, rowCopyBinary, instances);
}
