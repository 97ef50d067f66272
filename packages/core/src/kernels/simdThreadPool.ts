import { Worker } from 'worker_threads';
import { isSharedMemory, WasmMemory, webAssembly } from './webAssemblyApi';

/**
 * Helper threads that run tfzoo's WebAssembly SIMD functions on a threaded wasm build's heap
 * (a shared memory) while the calling thread runs its own share of the same product.
 *
 * Why not the build's own pthreads: they run only the C++ kernels compiled into it (XNNPACK),
 * and tfzoo's kernels are modules of its own. A Node worker can instantiate those modules on
 * the same `WebAssembly.Memory`, so both threads compute on tensors where they lie.
 *
 * Synchronisation is one Int32Array per helper on a SharedArrayBuffer: the caller writes the
 * function and its arguments, bumps REQUEST and notifies; the helper runs it, stores the same
 * number in DONE and notifies. Both spin briefly before sleeping in `Atomics.wait`, since a
 * training step issues products back to back (a sleep and wake costs tens of µs).
 *
 * The heap may grow between jobs (the caller allocates outputs). On x64 V8 bounds-checks wasm
 * loads and stores with guard pages, so a helper sees grown pages at once; where it checks
 * against a size each instance caches, a helper that has not yet taken the growth traps, and
 * `run` throws rather than computing with stale bounds.
 */

/** Slots of a helper's control array. */
const REQUEST = 0, DONE = 1, READY = 2, FUNCTION = 3, FAILED = 4, ARG_COUNT = 5, ARGS = 8;
const CONTROL_INTS = 32; // 128 bytes: two cache lines of its own per helper
const MAX_ARGS = CONTROL_INTS - ARGS;

/** How long the caller waits for a helper's share before it gives up on the pool. */
export const SIMD_HELPER_TIMEOUT_MS = 30_000;

/** Iterations of the helpers' and the caller's spin before they sleep (~50-100 µs). */
const SPIN = 20_000;

/** A module the helpers instantiate on the memory, and the exports they may run, in table order. */
export interface PoolModule {
  binary: Uint8Array;
  functions: readonly string[];
}

/** One share of a parallel call: the function's index in the pool's table, and its i32 arguments. */
export interface PoolJob {
  fn: number;
  args: readonly number[];
}

// The helper's whole program. CommonJS, since `eval: true` workers are scripts.
const HELPER_SOURCE = `
const { workerData } = require('worker_threads');
const { memory, modules, control, spin } = workerData;
const ctl = new Int32Array(control);
let table = null;
try {
  table = [];
  for (const { module, functions } of modules) {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    for (const name of functions) table.push(instance.exports[name]);
  }
  Atomics.store(ctl, ${READY}, 1);
} catch (e) {
  table = null;
  Atomics.store(ctl, ${READY}, -1);
}
let seen = 0;
while (table !== null) {
  for (let i = 0; i < spin && Atomics.load(ctl, ${REQUEST}) === seen; i++);
  Atomics.wait(ctl, ${REQUEST}, seen);
  const request = Atomics.load(ctl, ${REQUEST});
  if (request === seen) continue;
  if (request < 0) break;
  seen = request;
  try {
    table[ctl[${FUNCTION}]](...ctl.subarray(${ARGS}, ${ARGS} + ctl[${ARG_COUNT}]));
    ctl[${FAILED}] = 0;
  } catch (e) {
    ctl[${FAILED}] = 1;
  }
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

interface Helper {
  worker: Worker;
  control: Int32Array;
  alive: boolean;
}

export class SimdThreadPool {
  private readonly helperThreads: Helper[] = [];
  private sequence = 0;
  private broken: string | null = null;

  /**
   * Starts `helpers` worker threads (asynchronously: until one is ready, `readyHelpers` does not
   * count it and the caller computes alone). Workers are unref'd: they never keep Node alive.
   */
  constructor(memory: WasmMemory, modules: readonly PoolModule[], helpers: number) {
    if (!isSharedMemory(memory)) throw new Error('SimdThreadPool: the memory is not shared (needs the threaded wasm build)');
    if (webAssembly === undefined) throw new Error('SimdThreadPool: this engine has no WebAssembly');
    const compiled = modules.map((m) => ({ module: new webAssembly!.Module(m.binary), functions: m.functions }));
    for (let h = 0; h < helpers; h++) {
      const control = new SharedArrayBuffer(CONTROL_INTS * 4);
      const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { memory, modules: compiled, control, spin: SPIN } });
      const helper: Helper = { worker, control: new Int32Array(control), alive: true };
      worker.on('error', () => (helper.alive = false));
      worker.on('exit', () => (helper.alive = false));
      worker.unref();
      this.helperThreads.push(helper);
    }
  }

  /** Helpers started and able to take a share now (0 while starting, or after a failure). */
  readyHelpers(): number {
    return this.ready().length;
  }

  /**
   * Runs `jobs[i]` on ready helper i while the caller runs `own()`, and returns when all are done.
   * `jobs.length` must not exceed `readyHelpers()`. Throws if a helper's function trapped or a
   * helper did not answer within SIMD_HELPER_TIMEOUT_MS (the pool is then not used again).
   */
  run(jobs: readonly PoolJob[], own: () => void): void {
    const ready = this.ready();
    if (jobs.length > ready.length) throw new Error(`SimdThreadPool.run: ${jobs.length} jobs for ${ready.length} ready helpers`);
    const sent: Array<{ helper: Helper; sequence: number }> = [];
    for (let i = 0; i < jobs.length; i++) {
      const { fn, args } = jobs[i];
      if (args.length > MAX_ARGS) throw new Error(`SimdThreadPool.run: ${args.length} arguments, at most ${MAX_ARGS}`);
      const control = ready[i].control;
      control[FUNCTION] = fn;
      control[ARG_COUNT] = args.length;
      control.set(args, ARGS);
      const sequence = ++this.sequence; // positive: a negative REQUEST would stop the helper
      Atomics.store(control, REQUEST, sequence);
      Atomics.notify(control, REQUEST);
      sent.push({ helper: ready[i], sequence });
    }
    try {
      own();
    } finally {
      // Always wait: returning earlier would let the caller free buffers a helper still writes.
      for (const { helper, sequence } of sent) this.await(helper, sequence);
    }
    if (sent.some(({ helper }) => helper.control[FAILED] !== 0)) {
      throw new Error('tfzoo SIMD helper thread: the kernel trapped (a pointer outside the wasm heap?)');
    }
  }

  /** Stops the helpers (tests; a pool is otherwise kept for its memory's lifetime). */
  async terminate(): Promise<void> {
    this.broken = 'terminated';
    for (const helper of this.helperThreads) {
      Atomics.store(helper.control, REQUEST, -1);
      Atomics.notify(helper.control, REQUEST);
    }
    await Promise.all(this.helperThreads.map((h) => h.worker.terminate()));
  }

  /** The helpers that can take a share now: started, alive, and the pool not given up. */
  private ready(): Helper[] {
    if (this.broken !== null) return [];
    return this.helperThreads.filter((h) => h.alive && Atomics.load(h.control, READY) === 1);
  }

  private await(helper: Helper, sequence: number): void {
    const control = helper.control;
    for (let i = 0; i < SPIN && Atomics.load(control, DONE) !== sequence; i++);
    const deadline = Date.now() + SIMD_HELPER_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === sequence) return;
      if (Date.now() > deadline) {
        this.broken = `a helper thread did not answer within ${SIMD_HELPER_TIMEOUT_MS} ms`;
        throw new Error(`tfzoo SIMD helper thread: ${this.broken}; tfzoo's kernels fall back to one thread`);
      }
      Atomics.wait(control, DONE, done, 100);
    }
  }
}

/**
 * Splits [0, total) into `parts` contiguous ranges, as even as that allows, whose ends are
 * multiples of `align` except where a range ends at `total` (the last one always does).
 * Ranges may be empty when total is small.
 */
export function splitRange(total: number, parts: number, align: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const units = Math.ceil(total / align);
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const end = p === parts - 1 ? total : Math.min(total, Math.floor((units * (p + 1)) / parts) * align);
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
