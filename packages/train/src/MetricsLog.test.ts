import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MetricsLog } from './MetricsLog';

describe('MetricsLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-metrics-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one parseable JSON object per line, time-stamped', () => {
    const file = path.join(dir, 'run', 'metrics.jsonl');
    const log = MetricsLog.open(file, 0);
    log.append({ step: 1, split: 'train', loss: 2.5, lr: 1e-3 });
    log.append({ step: 1, split: 'val', loss: 2.7, improved: true });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ step: 1, split: 'train', loss: 2.5, lr: 1e-3 });
    expect(Number.isNaN(Date.parse(first.time))).toBe(false);
    expect(log.series('val', 'loss')).toEqual([[1, 2.7]]);
  });

  it('on resume reads back records up to the resumed step, tolerating a torn last line', () => {
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, ['{"step":5,"split":"train","loss":3}', '{"step":10,"split":"train","loss":2}', '{"step":15,"split":"train","loss":1}', '{"step":20,"spl'].join('\n'));
    const log = MetricsLog.open(file, 10);
    expect(log.series('train', 'loss')).toEqual([
      [5, 3],
      [10, 2],
    ]);
    fs.writeFileSync(file, '{"step":1}\nnot json\n{"step":2}\n{"step":3}\n');
    expect(() => MetricsLog.open(file, 10)).toThrow(`${file}:2: expected a JSON object per line, got "not json"`);
  });

  it('empties the file for a fresh run', () => {
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, '{"step":5,"split":"train","loss":3}\n');
    const log = MetricsLog.open(file, 0, { fresh: true });
    expect(log.records()).toHaveLength(0);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });
});
