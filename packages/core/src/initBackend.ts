import * as tf from '@tensorflow/tfjs';
import { BACKEND_PREFERENCE, BackendName, parseBackendName } from './backendNames';
import { loadNativeBinding, nativeUsesGpu } from './nativeBackend';
import { registerWasmTrainingKernels } from './kernels/registerWasmTrainingKernels';
import { describeRuntime, RuntimeInfo } from './runtimeInfo';
import { firstLine } from './errorText';
import { registerFileSystemRouter } from './fileSystemIO';
import { registerThreadedWasm } from './threadedWasm';

/** Why a better backend was not used. */
export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

/** What `initBackend` chose, and why. */
export interface BackendChoice {
  /** The tfzoo name of the chosen backend. */
  name: BackendName;
  /** The name tfjs knows it by (`tf.getBackend()`): `tensorflow`, `wasm` or `cpu`. */
  tfBackend: string;
  /** Where the choice came from. */
  source: 'argument' | 'TFZOO_BACKEND' | 'automatic';
  /** Better backends that were tried (or not) and passed over, best first. */
  skipped: SkippedBackend[];
  runtime: RuntimeInfo;
  /** The one-line report, e.g. `tfzoo backend: wasm (SIMD, 1 thread); skipped tensorflow-gpu: …`. */
  line: string;
}

export interface InitBackendOptions {
  /** Where the one-line report goes; default `console.error` (stdout stays clean for piping). */
  log?: ((line: string) => void) | null;
  /**
   * Threads for the wasm backend's heavy kernels: tfzoo's matmuls and GELU split their work
   * across the calling thread and `threads − 1` helper threads on the shared heap (PyTorch's
   * intra-op threads, in effect). Default: the `TFZOO_WASM_THREADS` environment variable,
   * else 1. Above 1, tfjs-backend-wasm's threaded SIMD build is started (see
   * `registerThreadedWasm`); if it cannot start, the single-threaded backend runs and the
   * report line says why. Takes effect only on the process's first start of the wasm backend.
   */
  threads?: number;
}

/**
 * Selects and initialises the best available tfjs backend:
 * `tensorflow-gpu` (tfjs-node-gpu, only when it loads and sees a GPU), then
 * `tensorflow` (tfjs-node), then `wasm`, then `cpu`.
 *
 * An explicit `name` or the `TFZOO_BACKEND` environment variable forces one;
 * a forced backend that cannot start is an error, not a silent fallback.
 * On wasm it also registers the kernels wasm lacks for training (see
 * `registerWasmTrainingKernels`), and without tfjs-node it registers a
 * `file://` handler so `model.save('file://dir')` works on every backend.
 *
 * @example
 * const choice = await initBackend();          // best available
 * await initBackend('cpu');                    // force the reference backend
 */
export async function initBackend(name?: string, options: InitBackendOptions = {}): Promise<BackendChoice> {
  const fromEnv = process.env.TFZOO_BACKEND?.trim();
  const requested = name ?? (fromEnv ? fromEnv : undefined);
  const source: BackendChoice['source'] = name !== undefined ? 'argument' : fromEnv ? 'TFZOO_BACKEND' : 'automatic';
  const forced = requested === undefined ? undefined : parseBackendName(requested);

  const candidates: readonly BackendName[] = forced ? [forced] : BACKEND_PREFERENCE;
  const skipped: SkippedBackend[] = [];
  const threads = wasmThreads(options.threads);
  const notes: string[] = [];
  for (const candidate of candidates) {
    const failure = await tryStart(candidate, threads, notes);
    if (failure === null) {
      registerFileSystemRouter();
      const runtime = describeRuntime();
      const choice: BackendChoice = {
        name: candidate,
        tfBackend: tf.getBackend(),
        source,
        skipped,
        runtime,
        line: reportLine(candidate, source, skipped, runtime, notes),
      };
      const log = options.log === undefined ? (l: string) => console.error(l) : options.log;
      log?.(choice.line);
      return choice;
    }
    if (forced) {
      const via = source === 'TFZOO_BACKEND' ? ` (from TFZOO_BACKEND=${fromEnv})` : '';
      throw new Error(`backend '${candidate}'${via} could not start: ${failure}`);
    }
    skipped.push({ name: candidate, reason: failure });
  }
  // Unreachable in practice: the cpu backend ships with tfjs and always starts.
  throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/** The wasm thread count asked for: the option, else TFZOO_WASM_THREADS, else 1. */
function wasmThreads(option: number | undefined): number {
  const fromEnv = process.env.TFZOO_WASM_THREADS?.trim();
  const value = option ?? (fromEnv ? Number(fromEnv) : 1);
  if (!Number.isInteger(value) || value < 1) {
    const where = option !== undefined ? 'options.threads' : 'TFZOO_WASM_THREADS';
    throw new Error(`expected ${where} to be a positive integer, got ${option ?? JSON.stringify(fromEnv)}`);
  }
  return value;
}

/** Starts one backend; returns null on success or the reason it could not be used. */
async function tryStart(name: BackendName, wasmThreadCount: number, notes: string[]): Promise<string | null> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const failure = loadNativeBinding(name);
      if (failure !== null) return failure;
      if (!(await setBackend('tensorflow'))) return 'the tensorflow backend failed to initialise';
      // tfjs-node-gpu silently runs on the CPU when CUDA is missing; that is tfjs-node's job.
      if (name === 'tensorflow-gpu' && !nativeUsesGpu()) return '@tensorflow/tfjs-node-gpu loaded but sees no CUDA GPU';
      return null;
    }
    case 'wasm': {
      try {
        require('@tensorflow/tfjs-backend-wasm');
      } catch (e) {
        return `@tensorflow/tfjs-backend-wasm did not load: ${firstLine(e)}`;
      }
      if (wasmThreadCount > 1) {
        const why = await registerThreadedWasm(wasmThreadCount);
        if (why !== null) notes.push(`${wasmThreadCount} wasm threads unavailable: ${why}`);
      }
      registerWasmTrainingKernels();
      return (await setBackend('wasm')) ? null : 'the wasm module failed to initialise';
    }
    case 'cpu': {
      if (!(await setBackend('cpu'))) return 'the cpu backend failed to initialise';
      // tfjs's cpu backend prints a multi-line "install tfjs-node" banner on first use;
      // our one-line report already says why cpu was chosen.
      const cpu = tf.backend() as unknown as { firstUse?: boolean };
      if (typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
      return null;
    }
  }
}

async function setBackend(tfName: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(tfName);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

function reportLine(name: BackendName, source: BackendChoice['source'], skipped: SkippedBackend[], rt: RuntimeInfo, notes: string[]): string {
  const details: string[] = [];
  if (rt.device) details.push(rt.device);
  if (name === 'wasm') {
    details.push(rt.simd ? 'SIMD' : 'no SIMD');
    details.push(`${rt.threads} thread${rt.threads === 1 ? '' : 's'}`);
  }
  const how = source === 'automatic' ? '' : ` [${source === 'argument' ? 'requested' : 'TFZOO_BACKEND'}]`;
  const head = `tfzoo backend: ${name}${details.length ? ` (${details.join(', ')})` : ''}${how}`;
  const tail = [...(name === 'wasm' ? notes : []), ...skipped.map((s) => `skipped ${s.name}: ${s.reason}`)];
  return [head, ...tail].join('; ');
}
