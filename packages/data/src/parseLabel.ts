const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The outcome of parsing one label: a number, or the reason it is not one. */
export type ParsedLabel = { label: number; error?: undefined } | { label?: undefined; error: string };

/**
 * Turns a raw label cell into a number.
 *
 * With `classNames`, the label must be one of them and becomes its index
 * (`['neg', 'pos']`: `pos` → 1), so a typo in the data is caught instead of
 * becoming a new class. Without, it must be a number (`1`, `-0.5`, `3e2`) or a
 * JSON boolean (false → 0, true → 1).
 */
export function parseLabel(value: unknown, classNames?: readonly string[]): ParsedLabel {
  if (classNames !== undefined) {
    const name = typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    const at = name === undefined ? -1 : classNames.indexOf(name);
    if (at >= 0) return { label: at };
    return { error: `expected a label in [${classNames.map((c) => JSON.stringify(c)).join(', ')}], got ${JSON.stringify(value)}` };
  }
  if (typeof value === 'number' && Number.isFinite(value)) return { label: value };
  if (typeof value === 'boolean') return { label: value ? 1 : 0 };
  if (typeof value === 'string' && NUMBER.test(value.trim())) return { label: Number(value.trim()) };
  return { error: `expected a numeric label, got ${JSON.stringify(value)} (declare class names with the labels option to use names)` };
}
