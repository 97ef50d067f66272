export { initBackend } from './initBackend';
export type { BackendChoice, InitBackendOptions, SkippedBackend } from './initBackend';
export { BACKEND_PREFERENCE, parseBackendName } from './backendNames';
export type { BackendName } from './backendNames';
export { describeRuntime } from './runtimeInfo';
export type { RuntimeInfo } from './runtimeInfo';
export { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from './kernels/registerWasmTrainingKernels';
export { fileSystem, registerFileSystemRouter, writeFileAtomic } from './fileSystemIO';
