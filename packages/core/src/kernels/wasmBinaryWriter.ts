/**
 * A minimal WebAssembly binary encoder: just enough to emit tfzoo's few hand-written
 * kernels (one module, functions over an imported memory) without a wat2wasm dependency.
 * See the binary format: https://webassembly.github.io/spec/core/binary/index.html
 */

/** Value types, by their binary codes. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128 (sizes, indices, memory offsets). */
export function unsignedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`unsignedLeb128: expected an integer in [0, 2^32), got ${value}`);
  }
  const bytes: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0);
  return bytes;
}

/** Signed LEB128 (i32.const immediates). */
export function signedLeb128(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new Error(`signedLeb128: expected a 32-bit signed integer, got ${value}`);
  }
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...unsignedLeb128(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb128(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb128(content.length), ...content];
}

/** How the module imports its memory ("env" "memory"). */
export interface MemoryImport {
  /** Minimum size in 64 KiB pages; the provided memory must be at least this big. */
  minPages: number;
  /**
   * Declares a shared memory (threads proposal) — required to import the SharedArrayBuffer-backed
   * memory of a threaded build; a shared memory import must also declare `maxPages`.
   */
  shared: boolean;
  /** Maximum size in pages; the provided memory's maximum must not exceed it. Omitted: no maximum. */
  maxPages?: number;
}

/**
 * The import of a wasm backend's heap: shared (the threaded build's) or not. A shared import
 * must declare a maximum; 65536 pages (4 GiB, wasm32's limit) admits any.
 */
export function heapMemoryImport(shared: boolean): MemoryImport {
  return shared ? { minPages: 1, shared: true, maxPages: 65536 } : { minPages: 1, shared: false };
}

/** One function of a module: its signature, extra locals and body (instructions, without the final `end`). */
export interface WasmFunction {
  /** Exported under this name. */
  exportName: string;
  /** Parameter types. */
  params: ValueType[];
  /** Locals after the parameters, in index order. */
  locals: ValueType[];
  /** The encoded instructions. */
  body: number[];
}

/** Encodes a module that imports "env" "memory" and exports `functions` (no results, no tables, no globals). */
export function encodeModule(memory: MemoryImport, functions: WasmFunction[]): Uint8Array {
  if (memory.shared && memory.maxPages === undefined) {
    throw new Error('encodeModule: a shared memory import must declare maxPages');
  }
  const types = section(
    1,
    vector(functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector([])])),
  );
  const limits =
    memory.maxPages === undefined
      ? [0x00, ...unsignedLeb128(memory.minPages)]
      : [memory.shared ? 0x03 : 0x01, ...unsignedLeb128(memory.minPages), ...unsignedLeb128(memory.maxPages)];
  const imports = section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]]));
  const declarations = section(3, vector(functions.map((_, i) => unsignedLeb128(i))));
  const exportSection = section(7, vector(functions.map((f, i) => [...name(f.exportName), 0x00, ...unsignedLeb128(i)])));
  const bodies = functions.map((f) => {
    // Run-length groups of equal consecutive local types.
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...unsignedLeb128(j - i), f.locals[i]]);
      i = j;
    }
    const code = [...vector(groups), ...f.body, 0x0b];
    return [...unsignedLeb128(code.length), ...code];
  });
  const code = section(10, vector(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...declarations, ...exportSection, ...code]);
}

/**
 * Instruction emitters (each returns its encoding), named after the text format.
 * Memory instructions take a byte offset immediate, added to the address operand.
 */
export const op = {
  localGet: (i: number) => [0x20, ...unsignedLeb128(i)],
  localSet: (i: number) => [0x21, ...unsignedLeb128(i)],
  localTee: (i: number) => [0x22, ...unsignedLeb128(i)],
  i32Const: (v: number) => [0x41, ...signedLeb128(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32GtS: [0x4a],
  i32GeS: [0x4e],
  i32LtS: [0x48],
  i32Ne: [0x47],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...unsignedLeb128(depth)],
  /** Calls the module's function number `index` (its position in `encodeModule`'s list). */
  call: (index: number) => [0x10, ...unsignedLeb128(index)],
  /** `if` (no result) ... `else` ... `end`: consumes an i32 condition. */
  if: [0x04, 0x40],
  else: [0x05],
  /** memory.copy (bulk memory): pops dst, src, byte count; a memmove within memory 0. */
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  brIf: (depth: number) => [0x0d, ...unsignedLeb128(depth)],
  f32Const0: [0x43, 0, 0, 0, 0],
  f32Load: (offset = 0) => [0x2a, 2, ...unsignedLeb128(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...unsignedLeb128(offset)],
  f32Add: [0x92],
  f32Mul: [0x94],
  v128Load: (offset = 0) => [0xfd, 0x00, 4, ...unsignedLeb128(offset)],
  v128Store: (offset = 0) => [0xfd, 0x0b, 4, ...unsignedLeb128(offset)],
  v128Load32Splat: (offset = 0) => [0xfd, 0x09, 2, ...unsignedLeb128(offset)],
  v128Const0: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Add: [0xfd, ...unsignedLeb128(0xe4)],
  f32x4Mul: [0xfd, ...unsignedLeb128(0xe6)],
  // Scalar and SIMD instructions of the element-wise kernels (simdElementwiseModule.ts).
  i32And: [0x71],
  i32Or: [0x72],
  /** select(x, y, condition): x if the i32 condition is non-zero, else y. */
  select: [0x1b],
  i32Shl: [0x74],
  i32LeS: [0x4c],
  f32Const: (v: number) => [0x43, ...f32Bytes(v)],
  f32Sub: [0x93],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32ConvertI32S: [0xb2],
  /** A v128 constant with `v` (rounded to float32) in all four lanes. */
  f32x4Const: (v: number) => [0xfd, 0x0c, ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v)],
  /** A v128 constant with the integer `v` in all four i32 lanes. */
  i32x4Const: (v: number) => [0xfd, 0x0c, ...i32Bytes(v), ...i32Bytes(v), ...i32Bytes(v), ...i32Bytes(v)],
  f32x4Splat: [0xfd, 0x13],
  f32x4ExtractLane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Lt: [0xfd, 0x43],
  f32x4Gt: [0xfd, 0x44],
  v128And: [0xfd, 0x4e],
  v128AndNot: [0xfd, 0x4f],
  v128Or: [0xfd, 0x50],
  /** bitselect(a, b, mask) = (a & mask) | (b & ~mask). */
  v128Bitselect: [0xfd, 0x52],
  f32x4Nearest: [0xfd, 0x6a],
  i32x4Shl: [0xfd, ...unsignedLeb128(0xab)],
  i32x4Add: [0xfd, ...unsignedLeb128(0xae)],
  f32x4Abs: [0xfd, ...unsignedLeb128(0xe0)],
  f32x4Sub: [0xfd, ...unsignedLeb128(0xe5)],
  f32x4Div: [0xfd, ...unsignedLeb128(0xe7)],
  /** Lane-wise minimum; NaN if either lane is NaN (unlike pmin). */
  f32x4Min: [0xfd, ...unsignedLeb128(0xe8)],
  /** Lane-wise maximum; NaN if either lane is NaN (unlike pmax). */
  f32x4Max: [0xfd, ...unsignedLeb128(0xe9)],
  i32x4TruncSatF32x4S: [0xfd, ...unsignedLeb128(0xf8)],
  // Double-precision accumulation and arithmetic (simdReductionCode.ts): float32 data is
  // widened pairwise to f64x2, computed on, and narrowed back when stored.
  f64Const0: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  f64Add: [0xa0],
  f64PromoteF32: [0xbb],
  f32DemoteF64: [0xb6],
  /** Loads 4 bytes into lane 0 of a v128 (32-bit lanes), zeroing the rest. */
  v128Load32Zero: (offset = 0) => [0xfd, 0x5c, 2, ...unsignedLeb128(offset)],
  /** Loads 8 bytes (two floats) into the low half of a v128, zeroing the high half. */
  v128Load64Zero: (offset = 0) => [0xfd, 0x5d, 2, ...unsignedLeb128(offset)],
  /** Stores 32-bit lane `lane` of a v128. */
  v128Store32Lane: (lane: number, offset = 0) => [0xfd, 0x5a, 2, ...unsignedLeb128(offset), lane],
  /** Stores 64-bit lane `lane` of a v128 (two floats when lane 0 holds f32 lanes 0 and 1). */
  v128Store64Lane: (lane: number, offset = 0) => [0xfd, 0x5b, 2, ...unsignedLeb128(offset), lane],
  /** f32 lanes 0 and 1 → f64x2 (exact). */
  f64x2PromoteLowF32x4: [0xfd, 0x5f],
  /** f64x2 → f32 lanes 0 and 1 (rounded to nearest), lanes 2 and 3 zero. */
  f32x4DemoteF64x2Zero: [0xfd, 0x5e],
  f64x2Splat: [0xfd, 0x14],
  f64x2Sqrt: [0xfd, ...unsignedLeb128(0xef)],
  f64x2Add: [0xfd, ...unsignedLeb128(0xf0)],
  f64x2Sub: [0xfd, ...unsignedLeb128(0xf1)],
  f64x2Mul: [0xfd, ...unsignedLeb128(0xf2)],
  f64x2Div: [0xfd, ...unsignedLeb128(0xf3)],
} as const;

/** The little-endian bytes of `v` as a float32 (rounded to nearest). */
function f32Bytes(v: number): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v, true);
  return [view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3)];
}

/** The little-endian bytes of the 32-bit integer `v`. */
function i32Bytes(v: number): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setInt32(0, v, true);
  return [view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3)];
}
