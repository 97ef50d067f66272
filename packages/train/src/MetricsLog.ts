import * as fs from 'fs';
import * as path from 'path';

/** One line of `metrics.jsonl`. `split` tells train records from evaluations. */
export interface MetricRecord {
  step: number;
  split: 'train' | 'val';
  /** ISO time the record was written. */
  time?: string;
  [metric: string]: number | string | boolean | null | undefined;
}

/**
 * Appends every logged metric to a JSON-lines file (one object per line, so
 * a crash loses at most the line being written, and `jq`/pandas read it
 * directly) and keeps them in memory for the loss curve.
 *
 * Opening an existing file (a resumed run) reads its records back, keeping
 * only those up to the step the run resumes from, so steps redone after a
 * crash are not plotted twice. The file itself is only ever appended to.
 */
export class MetricsLog {
  private readonly history: MetricRecord[];

  private constructor(
    /** The JSON-lines file, or null to keep records in memory only. */
    readonly file: string | null,
    history: MetricRecord[],
  ) {
    this.history = history;
  }

  /** An in-memory log (no run folder). */
  static inMemory(): MetricsLog {
    return new MetricsLog(null, []);
  }

  /**
   * Opens (creating if needed) `file`, reading back records with
   * `step <= upToStep`. `fresh` empties it first: a run started from scratch
   * in an old run folder should not plot the old run's curve.
   */
  static open(file: string, upToStep: number, options: { fresh?: boolean } = {}): MetricsLog {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (options.fresh) fs.writeFileSync(file, '');
    const history: MetricRecord[] = [];
    if (fs.existsSync(file)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        let record: MetricRecord;
        try {
          record = JSON.parse(line) as MetricRecord;
        } catch {
          // A torn last line from a crash is expected; anything else is worth an error.
          if (i >= lines.length - 2) return;
          throw new Error(`${file}:${i + 1}: expected a JSON object per line, got ${JSON.stringify(line.slice(0, 60))}`);
        }
        if (typeof record.step === 'number' && record.step <= upToStep) history.push(record);
      });
    }
    return new MetricsLog(file, history);
  }

  /** Adds a record (stamped with the current time) to memory and the file. */
  append(record: MetricRecord): void {
    const stamped = { ...record, time: new Date().toISOString() };
    this.history.push(stamped);
    if (this.file !== null) fs.appendFileSync(this.file, JSON.stringify(stamped) + '\n');
  }

  /** Records so far, oldest first. */
  records(): readonly MetricRecord[] {
    return this.history;
  }

  /** `[step, value]` pairs of one numeric field in one split, for plotting. */
  series(split: MetricRecord['split'], field: string): Array<[number, number]> {
    const points: Array<[number, number]> = [];
    for (const r of this.history) {
      const v = r[field];
      if (r.split === split && typeof v === 'number') points.push([r.step, v]);
    }
    return points;
  }
}
