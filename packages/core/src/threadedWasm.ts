import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { firstLine } from './errorText';

/**
 * Multi-threaded wasm on Node.
 *
 * @tensorflow/tfjs-backend-wasm ships a threaded SIMD build (XNNPACK with a pthreadpool) but
 * never uses it on Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there, tfjs issue
 * #3830), and its own loader could not start it there anyway: it hands the pthread workers a
 * Blob URL, which Node's worker_threads cannot load. This module starts that build itself,
 * through the package's public pieces where they exist:
 * - the Emscripten factory `wasm-out/tfjs-backend-wasm-threaded-simd.js` (typed by the
 *   package's `tfjs-backend-wasm-threaded-simd.d.ts`: `locateFile`, `mainScriptUrlOrBlob`),
 *   with the worker script from `wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`
 *   (`wasmWorkerContents`) written once to a file in the OS temp folder;
 * - `BackendWasm` (exported) around that module, registered as the `wasm` backend, and
 *   `setThreadsCount` (exported) for XNNPACK's pool size.
 *
 * Two things depend on the build's internals, so they are pinned to the tfjs-backend-wasm
 * versions listed in `THREADED_WASM_VERSIONS` and checked at run time:
 * - the C functions tfjs's loader wraps (`init_with_threads_count`, `register_tensor`, …);
 * - the thread cap: the build limits XNNPACK's pool to `os.cpus().length / 2` (it assumes
 *   two hyper-threads per core), read once while the module initialises; on a 2-vCPU machine
 *   that is 1. `os.cpus()` reports `2 × threads` entries during that initialisation only.
 * Any failure (another version, no SharedArrayBuffer, a worker that does not start within
 * `THREADED_WASM_START_TIMEOUT_MS`, a pool of the wrong size) leaves the single-threaded
 * backend in place and returns the reason.
 *
 * The pthread workers are unref'd once the pool runs, so they never keep a process (or jest)
 * alive; they end with the process.
 */

/** tfjs-backend-wasm versions whose threaded build this loader has been checked against. */
export const THREADED_WASM_VERSIONS: readonly string[] = ['4.22.0'];

/** How long the threaded module may take to start its workers before we give up on it. */
export const THREADED_WASM_START_TIMEOUT_MS = 60_000;

/** The part of tfjs-backend-wasm's exports this loader uses. */
interface WasmBackendPackage {
  BackendWasm: new (module: unknown) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
  version_wasm: string;
}

interface Worker {
  unref(): void;
}

/** The Emscripten module of the threaded build (the fields used here). */
interface ThreadedModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread: { runningWorkers: Worker[]; unusedWorkers: Worker[]; terminateAllThreads(): void };
  tfjs?: Record<string, unknown>;
}

type ModuleFactory = (config: {
  locateFile(file: string, prefix: string): string;
  mainScriptUrlOrBlob: string;
  printErr?(text: string): void;
}) => Promise<ThreadedModule>;

let started: { threads: number; module: ThreadedModule } | null = null;

/**
 * XNNPACK's thread pool size on the threaded build. The build is started for its shared heap:
 * tfzoo's own kernels (every float32 matmul, GELU) split their work across helper threads of
 * their own (kernels/simdHelpers.ts), `threads − 1` of them. What stays with XNNPACK is small
 * element-wise ops, where waking a pool costs more than it gains: with a pool of 2, a GPT
 * step's Add took 4.8 ms instead of 2.3 and Multiply 3.5 instead of 2.0
 * (`scripts/probes/step-kernels-by-shape.ts`).
 */
const XNNPACK_THREADS = 1;

/** The thread count of the threaded wasm backend this process runs, or null when it runs none. */
export function threadedWasmThreads(): number | null {
  return started?.threads ?? null;
}

/**
 * Registers tfjs-backend-wasm's threaded SIMD build as the `wasm` backend, for `threads`
 * threads of tfzoo's kernels (the caller and `threads − 1` helpers; XNNPACK's own pool stays
 * at XNNPACK_THREADS); `tf.setBackend('wasm')` then starts it. Call before the wasm
 * backend is first initialised. Returns null on success, or why the single-threaded backend
 * stays (nothing is changed then).
 */
export async function registerThreadedWasm(threads: number): Promise<string | null> {
  if (!Number.isInteger(threads) || threads < 2) return `expected a thread count >= 2, got ${threads}`;
  if (started !== null) {
    return started.threads === threads ? null : `the threaded wasm backend already runs ${started.threads} threads (requested ${threads})`;
  }
  let wasm: WasmBackendPackage;
  try {
    wasm = require('@tensorflow/tfjs-backend-wasm') as WasmBackendPackage;
  } catch (e) {
    return `@tensorflow/tfjs-backend-wasm did not load: ${firstLine(e)}`;
  }
  if (!THREADED_WASM_VERSIONS.includes(wasm.version_wasm)) {
    return `threaded wasm is wired for @tensorflow/tfjs-backend-wasm ${THREADED_WASM_VERSIONS.join(', ')}, found ${wasm.version_wasm}`;
  }
  if (typeof wasm.BackendWasm !== 'function' || typeof wasm.setThreadsCount !== 'function') {
    return '@tensorflow/tfjs-backend-wasm does not export BackendWasm and setThreadsCount';
  }
  if (typeof SharedArrayBuffer === 'undefined') return 'this Node has no SharedArrayBuffer';
  if (tf.findBackend('wasm') != null) {
    return 'the single-threaded wasm backend was already started; ask for threads on the first initBackend call';
  }
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) return 'the threaded build needs wasm SIMD, which this Node lacks';

  let module: ThreadedModule;
  try {
    module = await startModule(threads);
  } catch (e) {
    return `the threaded wasm module did not start: ${firstLine(e)}`;
  }
  module.tfjs = {
    // The same wrappers tfjs-backend-wasm's own loader puts on its module.
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasm.setThreadsCount(XNNPACK_THREADS);
  const threaded = module;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    () => {
      const backend = new wasm.BackendWasm(threaded);
      // The pool's threads now run (and are ref'd by Emscripten); let the process exit without them.
      for (const worker of [...threaded.PThread.runningWorkers, ...threaded.PThread.unusedWorkers]) worker.unref();
      return backend;
    },
    2,
  );
  started = { threads, module };
  return null;
}

/** Instantiates the threaded module and waits for its pthread workers. */
async function startModule(threads: number): Promise<ThreadedModule> {
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const outDir = path.join(packageDir, 'wasm-out');
  const mainScript = path.join(outDir, 'tfjs-backend-wasm-threaded-simd.js');
  const workerModule = path.join(outDir, 'tfjs-backend-wasm-threaded-simd.worker.js');
  for (const file of [mainScript, workerModule, path.join(outDir, 'tfjs-backend-wasm-threaded-simd.wasm')]) {
    if (!fs.existsSync(file)) throw new Error(`missing ${file}`);
  }
  const factory = require(mainScript) as ModuleFactory;
  if (typeof factory !== 'function') throw new Error(`${mainScript} does not export a module factory`);
  const workerScript = writeWorkerScript(workerModule);

  // The build caps its pool at os.cpus().length / 2, read while the module initialises.
  const nodeOs = require('os') as typeof import('os');
  const realCpus = nodeOs.cpus;
  const reported = Math.max(realCpus().length, 2 * threads);
  nodeOs.cpus = () => {
    const cpus = realCpus();
    return Array.from({ length: reported }, (_, i) => cpus[i % Math.max(1, cpus.length)]);
  };
  // Workers are unref'd while they load; without this the event loop could drain and exit.
  const keepAlive = setInterval(() => undefined, 1000);
  let timer: NodeJS.Timeout | undefined;
  const errors: string[] = [];
  try {
    const ready = factory({
      locateFile: (file) => (file.endsWith('.worker.js') ? workerScript : path.join(outDir, file)),
      mainScriptUrlOrBlob: mainScript,
      printErr: (text) => void errors.push(text),
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`its workers did not start within ${THREADED_WASM_START_TIMEOUT_MS / 1000} s${errors.length ? `: ${errors[0]}` : ''}`)), THREADED_WASM_START_TIMEOUT_MS);
    });
    return await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
    clearInterval(keepAlive);
    nodeOs.cpus = realCpus;
  }
}

/**
 * The pthread worker script as a file (Node's workers load files, not Blob URLs). The package
 * ships it as a string (`wasmWorkerContents`); written once per content, atomically.
 */
function writeWorkerScript(workerModule: string): string {
  const contents = (require(workerModule) as { wasmWorkerContents?: unknown }).wasmWorkerContents;
  if (typeof contents !== 'string') throw new Error(`${workerModule} has no wasmWorkerContents string`);
  // The string holds "\n" escapes that tfjs's loader re-escapes before use; so do we.
  const script = contents.replace(/\n/g, '\\n');
  const hash = require('crypto').createHash('sha256').update(script).digest('hex').slice(0, 16) as string;
  const file = path.join(require('os').tmpdir(), `tfzoo-tfjs-wasm-worker-${hash}.js`);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== script) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script);
    fs.renameSync(temporary, file);
  }
  return file;
}
