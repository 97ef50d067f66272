import * as tf from '@tensorflow/tfjs';
import { firstLine } from './errorText';

const PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/**
 * Loads the native TensorFlow binding for `name`. Returns null when the
 * `tensorflow` backend is registered, or the reason it is not.
 *
 * Both packages are optional peer dependencies: installing them runs a script
 * that downloads libtensorflow, which fails on offline machines; a package
 * present without its native library is reported, not fatal.
 */
export function loadNativeBinding(name: keyof typeof PACKAGES): string | null {
  const pkg = PACKAGES[name];
  try {
    require(pkg);
  } catch (e) {
    if (isMissingPackage(e, pkg)) return `${pkg} is not installed`;
    return `${pkg} is installed but its native library did not load (${firstLine(e)})`;
  }
  // The binding registers itself with the tfjs-core it depends on; a second copy of
  // tfjs-core (mismatched versions) would leave ours without the backend.
  if (tf.findBackendFactory('tensorflow') === null) {
    return `${pkg} loaded but registered with another copy of tfjs-core; install @tensorflow/tfjs and ${pkg} at the same version (${tf.version.tfjs})`;
  }
  return null;
}

/** True when the package itself is absent, as opposed to one of its files (the native .node binding) failing. */
function isMissingPackage(e: unknown, pkg: string): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'MODULE_NOT_FOUND' && (err.message ?? '').includes(`'${pkg}'`);
}

/**
 * Whether the running `tensorflow` backend placed its ops on a CUDA device.
 * tfjs-node exposes the flag on its backend and on the raw binding, as a method
 * in some versions and a boolean property in others; accept each form.
 */
export function nativeUsesGpu(): boolean {
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: unknown; binding?: { isUsingGpuDevice?: unknown } };
  return readFlag(backend, 'isUsingGpuDevice') || readFlag(backend.binding, 'isUsingGpuDevice');
}

function readFlag(owner: object | undefined, key: string): boolean {
  if (owner === undefined || owner === null) return false;
  try {
    const value = (owner as Record<string, unknown>)[key];
    return typeof value === 'function' ? Boolean(value.call(owner)) : value === true;
  } catch {
    return false;
  }
}
