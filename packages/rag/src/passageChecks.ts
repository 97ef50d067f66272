import type { Passage } from './types';

/**
 * Throws unless `value` is a {@link Passage}: string `id` (non-empty), `text` and
 * `source`, integer `position` >= 0, optional string `title`. `where` says which
 * passage in the message (`passage 3`, `passages.jsonl:12`).
 */
export function checkPassage(value: unknown, where: string): asserts value is Passage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected a passage object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const p = value as Record<string, unknown>;
  if (typeof p.id !== 'string' || p.id.length === 0) throw new Error(`${where}: expected "id" to be a non-empty string, got ${JSON.stringify(p.id)}`);
  if (typeof p.text !== 'string') throw new Error(`${where} (${p.id}): expected "text" to be a string, got ${JSON.stringify(p.text)}`);
  if (typeof p.source !== 'string') throw new Error(`${where} (${p.id}): expected "source" to be a string, got ${JSON.stringify(p.source)}`);
  if (typeof p.position !== 'number' || !Number.isInteger(p.position) || p.position < 0) {
    throw new Error(`${where} (${p.id}): expected "position" to be an integer >= 0, got ${JSON.stringify(p.position)}`);
  }
  if (p.title !== undefined && typeof p.title !== 'string') {
    throw new Error(`${where} (${p.id}): expected "title" to be a string when present, got ${JSON.stringify(p.title)}`);
  }
}

/** Throws on the first id that occurs twice. */
export function checkUniqueIds(passages: readonly Passage[], what = 'passages'): void {
  const seen = new Map<string, number>();
  passages.forEach((p, i) => {
    const first = seen.get(p.id);
    if (first !== undefined) throw new Error(`duplicate passage id ${JSON.stringify(p.id)} in ${what}: at index ${first} and ${i}`);
    seen.set(p.id, i);
  });
}
