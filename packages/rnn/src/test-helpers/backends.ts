/** The backends the layer and model tests run on: the reference (cpu) and the one users train on without tfjs-node (wasm). */
export const BACKENDS = ['cpu', 'wasm'] as const;
