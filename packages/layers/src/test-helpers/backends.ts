/** The backends every layer test runs on: the reference (cpu) and the one users train on without tfjs-node (wasm). */
export const BACKENDS = ['cpu', 'wasm'] as const;
