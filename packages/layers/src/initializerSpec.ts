import * as tf from '@tensorflow/tfjs';

/** tf.layers' initializer class (its type is not exported under a name of its own). */
export type Initializer = ReturnType<typeof tf.initializers.ones>;

/**
 * A weight initializer in a form that survives `getConfig()` → JSON → `fromConfig()`:
 * an identifier such as `'glorotUniform'`, or a serialized initializer such as
 * `{ className: 'TruncatedNormal', config: { stddev: 0.02 } }`.
 */
export type InitializerSpec = string | { className: string; config: tf.serialization.ConfigDict };

/**
 * What a layer's initializer field accepts. An `Initializer` object is stored in its
 * serialized form, so every weight gets a fresh initializer with the same settings and
 * the layer's config stays plain JSON.
 */
export type InitializerArg = InitializerSpec | Initializer;

/** Normalises an initializer argument to its serializable form. */
export function toInitializerSpec(init: InitializerArg | null | undefined, fallback: InitializerSpec): InitializerSpec {
  if (init == null) return fallback;
  if (typeof init === 'string') return init;
  if (isInitializer(init)) return { className: init.getClassName(), config: init.getConfig() };
  return init;
}

/**
 * A fresh initializer from its spec, looked up in tf's serialization registry (where
 * tf.layers registers `GlorotUniform`, `TruncatedNormal`, `Zeros`, …). Identifiers are the
 * camel-case class names (`'glorotUniform'`).
 */
export function createInitializer(spec: InitializerSpec): Initializer {
  const className = typeof spec === 'string' ? spec.charAt(0).toUpperCase() + spec.slice(1) : spec.className;
  const config = typeof spec === 'string' ? {} : spec.config;
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new Error(`unknown initializer ${JSON.stringify(spec)}: no registered class named '${className}'`);
  }
  const [cls, fromConfig] = entry;
  const made = fromConfig(cls, config ?? {});
  if (!isInitializer(made)) throw new Error(`initializer ${JSON.stringify(spec)} names '${className}', which is not an initializer`);
  return made;
}

// tf.layers' Initializer base class is not exported; reach it through a subclass instance.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as abstract new () => Initializer;

function isInitializer(x: unknown): x is Initializer {
  return x instanceof InitializerBase;
}
