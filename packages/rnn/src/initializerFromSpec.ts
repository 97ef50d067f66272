import * as tf from '@tensorflow/tfjs';
import type { InitializerArg, InitializerSpec } from '@tfzoo/layers';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

// TODO(@tfzoo/layers): its initializerSpec.ts has these two functions but does not export
// them; use its exports once it does, and delete this file.

/** Normalises an initializer argument to a JSON-safe spec (the form layer configs store). */
export function toInitializerSpec(init: InitializerArg | null | undefined, fallback: InitializerSpec): InitializerSpec {
  if (init == null) return fallback;
  if (typeof init === 'string') return init;
  if ('className' in init && 'config' in init) return init as InitializerSpec;
  const instance = init as Initializer;
  return { className: instance.getClassName(), config: instance.getConfig() };
}

/**
 * A fresh initializer from its spec, looked up in tf.serialization's registry, where
 * tf.layers registers `GlorotUniform`, `Zeros`, … and this package `HouseholderOrthogonal`.
 * Identifiers are camel-case class names (`'glorotUniform'`).
 */
export function initializerFromSpec(spec: InitializerSpec): Initializer {
  const className = typeof spec === 'string' ? spec.charAt(0).toUpperCase() + spec.slice(1) : spec.className;
  const config = typeof spec === 'string' ? {} : spec.config;
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) throw new Error(`unknown initializer ${JSON.stringify(spec)}: no registered class named '${className}'`);
  const [cls, fromConfig] = entry;
  const made = fromConfig(cls, config ?? {}) as unknown as Partial<Initializer>;
  if (typeof made.apply !== 'function') throw new Error(`initializer ${JSON.stringify(spec)} names '${className}', which is not an initializer`);
  return made as Initializer;
}
