import * as tf from '@tensorflow/tfjs';
import { firstLine } from './errorText';

const PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/**
 * Loads the native TensorFlow binding for `name`. Returns null when the
 * `tensorflow` backend is ready to use, or the reason it is not.
 *
 * Both packages are optional peer dependencies: installing them runs a script
 * that downloads libtensorflow, which fails on offline machines; a package
 * present without its native library is reported, not fatal.
 */
export function tryNativeBackend(name: keyof typeof PACKAGES): string | null {
  const pkg = PACKAGES[name];
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed`;
  }
  try {
    require(pkg);
  } catch (e) {
    return `${pkg} is installed but its native library did not load (${firstLine(e)})`;
  }
  // The binding registers itself with the tfjs-core it depends on; a second copy of
  // tfjs-core (mismatched versions) would leave ours without the backend.
  if (tf.findBackendFactory('tensorflow') === null) {
    return `${pkg} loaded but registered with another copy of tfjs-core; install @tensorflow/tfjs and ${pkg} at the same version (${tf.version.tfjs})`;
  }
  if (name === 'tensorflow-gpu' && !nativeSeesGpu()) {
    return `${pkg} loaded but sees no CUDA GPU`;
  }
  return null;
}

function nativeSeesGpu(): boolean {
  const backend = tf.findBackend('tensorflow') as unknown as { isUsingGpuDevice?: () => boolean } | null;
  try {
    return backend?.isUsingGpuDevice?.() ?? false;
  } catch {
    return false;
  }
}
