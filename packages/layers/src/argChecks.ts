/** Constructor-argument checks whose errors name the layer, the argument and the bad value. */

export function requirePositiveInt(layer: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${layer}: expected ${arg} to be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function requireRate(layer: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new Error(`${layer}: expected ${arg} to be a rate in [0, 1), got ${JSON.stringify(value)}`);
  }
  return value;
}

export function requireOneOf<T extends string>(layer: string, arg: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Error(`${layer}: expected ${arg} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function requirePositive(layer: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${layer}: expected ${arg} to be a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}
