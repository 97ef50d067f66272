import * as tf from '@tensorflow/tfjs';
import { nativeUsesGpu } from './nativeBackend';
import { threadedWasmThreads } from './threadedWasm';

/** What `tfzoo info` prints about the running tfjs. */
export interface RuntimeInfo {
  backend: string;
  tfjsVersion: string;
  /** Only meaningful on wasm: whether the SIMD build is in use. */
  simd: boolean;
  /** Only meaningful on wasm: threads tfzoo's wasm kernels use (1 unless the threaded build was started). */
  threads: number;
  /** For the native backend: `CUDA GPU` or `CPU`. */
  device?: string;
  nodeVersion: string;
}

/** Describes the current tfjs backend. Call after `initBackend`. */
export function describeRuntime(): RuntimeInfo {
  const backend = tf.getBackend();
  const info: RuntimeInfo = {
    backend,
    tfjsVersion: tf.version.tfjs,
    simd: false,
    threads: 1,
    nodeVersion: process.versions.node,
  };
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    info.threads = threadedWasmThreads() ?? wasm.getThreadsCount();
  } else if (backend === 'tensorflow') {
    info.device = nativeUsesGpu() ? 'CUDA GPU' : 'CPU';
  }
  return info;
}
