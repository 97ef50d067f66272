import * as fs from 'fs';
import * as path from 'path';

/**
 * What a folder that is not the expected kind seems to hold, for error messages: the
 * model type a tfzoo index names (`"format": "tfzoo-gpt"`), an @tfzoo/rnn model
 * (`"className"`), a bare tfjs model, or the first few entries.
 *
 * @example
 * `'runs/gpt' holds a gpt model (gpt.json says format "tfzoo-gpt")`
 */
export function describeFolder(dir: string): string {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    return `'${dir}' cannot be read`;
  }
  for (const name of entries.filter((e) => e.endsWith('.json'))) {
    let record: { format?: unknown; className?: unknown; modelTopology?: unknown } | null = null;
    try {
      record = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    } catch {
      continue; // not JSON we can read: listed below
    }
    if (record === null || typeof record !== 'object') continue;
    if (typeof record.format === 'string' && record.format.startsWith('tfzoo-') && record.format !== 'tfzoo-tensors') {
      return `'${dir}' holds a ${record.format.slice('tfzoo-'.length)} model (${name} says format "${record.format}")`;
    }
    if (typeof record.className === 'string') return `'${dir}' holds a ${record.className} model (${name} says className "${record.className}")`;
    if (record.modelTopology !== undefined) return `'${dir}' holds a tfjs layers model (${name}) without a tfzoo index`;
  }
  const shown = entries.length === 0 ? 'it is empty' : `it holds ${entries.slice(0, 8).join(', ')}${entries.length > 8 ? ', …' : ''}`;
  return `'${dir}' is not a model folder we know: ${shown}`;
}
