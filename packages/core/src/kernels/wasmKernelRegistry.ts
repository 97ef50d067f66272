import * as tf from '@tensorflow/tfjs';

/**
 * Marks tfzoo's kernel configs and remembers the config each one replaced. A global
 * symbol, so two copies of this module (src and dist, say) recognise each other's kernels.
 */
const REPLACED = Symbol.for('tfzoo.wasmKernel.replaced');

interface TfzooKernelConfig extends tf.KernelConfig {
  /** The config it replaced; null when wasm had no kernel of that name. */
  [REPLACED]: tf.KernelConfig | null;
}

function isTfzooKernel(config: tf.KernelConfig | undefined): config is TfzooKernelConfig {
  return config != null && REPLACED in config;
}

function register(config: tf.KernelConfig, replaced: tf.KernelConfig | null): void {
  Object.defineProperty(config, REPLACED, { value: replaced, enumerable: false });
  // Unregister first: registering over an existing kernel logs a warning.
  if (replaced != null) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/** Registers `config` for wasm unless wasm already has a kernel of that name (its own or tfzoo's). */
export function addWasmKernelIfMissing(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, 'wasm') != null) return;
  register({ ...config }, null);
}

/**
 * Replaces wasm's kernel `kernelName` with `create(original)`; does nothing when tfzoo's
 * replacement is already registered. The wasm backend must be loaded: its kernels are
 * registered when `@tensorflow/tfjs-backend-wasm` is imported.
 */
export function overrideWasmKernel(kernelName: string, create: (original: tf.KernelConfig) => tf.KernelConfig): void {
  const current = tf.getKernel(kernelName, 'wasm');
  if (isTfzooKernel(current)) return;
  if (current == null) {
    throw new Error(
      `tfzoo wasm kernels: no ${kernelName} kernel is registered for the wasm backend; ` +
        `import @tensorflow/tfjs-backend-wasm before registering tfzoo's kernels`,
    );
  }
  register(create(current), current);
}

/** Checks that a kernel the replacements call into is registered for wasm. */
export function requireWasmKernel(kernelName: string): void {
  if (tf.getKernel(kernelName, 'wasm') == null) {
    throw new Error(
      `tfzoo wasm kernels: no ${kernelName} kernel is registered for the wasm backend; ` +
        `import @tensorflow/tfjs-backend-wasm before registering tfzoo's kernels`,
    );
  }
}

/** Undoes `addWasmKernelIfMissing` / `overrideWasmKernel` for `kernelName`, restoring wasm's own kernel. */
export function restoreWasmKernel(kernelName: string): void {
  const current = tf.getKernel(kernelName, 'wasm');
  if (!isTfzooKernel(current)) return;
  tf.unregisterKernel(kernelName, 'wasm');
  const replaced = current[REPLACED];
  if (replaced != null) tf.registerKernel(replaced);
}
