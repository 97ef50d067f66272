/**
 * The part of the WebAssembly JavaScript API that tfzoo's own kernels use, typed here because
 * the project's lib (ES2022, no DOM) does not declare the `WebAssembly` global; Node has it.
 */

/** A wasm linear memory; `buffer` is a SharedArrayBuffer when the memory is shared. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}

/** Arguments of `new WebAssembly.Memory(...)`. */
export interface WasmMemoryDescriptor {
  /** Initial size in 64 KiB pages. */
  initial: number;
  /** Maximum size in pages (required when shared). */
  maximum?: number;
  /** A SharedArrayBuffer-backed memory (threads). */
  shared?: boolean;
}

interface WebAssemblyApi {
  Memory: new (descriptor: WasmMemoryDescriptor) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The `WebAssembly` global (absent only on engines without WebAssembly, where this is undefined). */
export const webAssembly: WebAssemblyApi | undefined = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** Whether `value` is a `WebAssembly.Memory`. */
export function isWasmMemory(value: unknown): value is WasmMemory {
  const api = webAssembly as unknown as { Memory?: abstract new (...args: never[]) => unknown } | undefined;
  return api?.Memory !== undefined && value instanceof api.Memory;
}

/** Whether `memory` is shared (a threaded wasm build's heap): a module importing it must say so. */
export function isSharedMemory(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * One instance of a module of tfzoo's own per memory, cached in `instances`: the module from
 * `binaryFor(shared)` instantiated with `memory` as its `env.memory` import, or null where this
 * engine cannot validate it (no wasm SIMD, or no threads for a shared memory). Growing the
 * memory keeps the instance valid (it holds the Memory object, not a buffer).
 */
export function instanceOnMemory<T>(memory: WasmMemory, binaryFor: (shared: boolean) => Uint8Array, instances: WeakMap<WasmMemory, T | null>): T | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  const binary = binaryFor(isSharedMemory(memory));
  // Not named `exports`: CommonJS output (tsx, esbuild) reads this module's own exports through that name.
  let functions: T | null = null;
  if (webAssembly !== undefined && webAssembly.validate(binary)) {
    const instance = new webAssembly.Instance(new webAssembly.Module(binary), { env: { memory } });
    functions = instance.exports as unknown as T;
  }
  instances.set(memory, functions);
  return functions;
}
