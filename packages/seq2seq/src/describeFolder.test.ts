import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFolder } from './describeFolder';

describe('describeFolder', () => {
  const folder = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'describe-folder-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  it('names the model type a tfzoo index, an RNN config or a tfjs model declares', () => {
    const bert = folder({ 'weights.json': JSON.stringify({ format: 'tfzoo-tensors' }), 'bert.json': JSON.stringify({ format: 'tfzoo-bert' }) });
    expect(describeFolder(bert)).toBe(`'${bert}' holds a bert model (bert.json says format "tfzoo-bert")`);
    expect(describeFolder(folder({ 'model.json': JSON.stringify({ className: 'RnnLanguageModel' }) }))).toContain('holds a RnnLanguageModel model');
    expect(describeFolder(folder({ 'model.json': JSON.stringify({ modelTopology: {} }) }))).toContain('holds a tfjs layers model (model.json) without a tfzoo index');
  });

  it('lists what else it finds', () => {
    const empty = folder({});
    expect(describeFolder(empty)).toBe(`'${empty}' is not a model folder we know: it is empty`);
    expect(describeFolder(folder({ 'notes.txt': 'hi', 'broken.json': '{' }))).toContain('it holds broken.json, notes.txt');
  });
});
