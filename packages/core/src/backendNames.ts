/**
 * The backends tfzoo knows, best first. `tensorflow-gpu` and `tensorflow` both
 * run tfjs's native `tensorflow` backend; they differ in which npm package
 * provides it (`@tensorflow/tfjs-node-gpu` with CUDA, `@tensorflow/tfjs-node`
 * on the CPU).
 */
export const BACKEND_PREFERENCE = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

export type BackendName = (typeof BACKEND_PREFERENCE)[number];

const ALIASES: Record<string, BackendName> = {
  'tensorflow-gpu': 'tensorflow-gpu',
  'tfjs-node-gpu': 'tensorflow-gpu',
  gpu: 'tensorflow-gpu',
  cuda: 'tensorflow-gpu',
  tensorflow: 'tensorflow',
  'tfjs-node': 'tensorflow',
  node: 'tensorflow',
  native: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** Accepts a backend name or a common alias (`gpu`, `node`, …); throws on anything else. */
export function parseBackendName(name: string): BackendName {
  const key = name.trim().toLowerCase();
  const found = ALIASES[key];
  if (found === undefined) {
    throw new Error(
      `unknown backend '${name}': expected one of ${BACKEND_PREFERENCE.join(', ')} ` +
        `(aliases: ${Object.keys(ALIASES)
          .filter((a) => !(BACKEND_PREFERENCE as readonly string[]).includes(a))
          .join(', ')})`,
    );
  }
  return found;
}
