/** Options every tfzoo command accepts. */
export interface GlobalOptions {
  /** Backend name or alias; overrides TFZOO_BACKEND and the automatic choice. */
  backend?: string;
  /** wasm threads for tfzoo's kernels (`initBackend`'s `threads`); overrides TFZOO_WASM_THREADS. */
  threads?: number;
}
