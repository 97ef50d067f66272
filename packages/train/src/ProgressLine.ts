/** A stream the progress line writes to; `isTTY`/`columns` are read if present. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of `ProgressLine`. */
export interface ProgressLineOptions {
  /** Where to write (default `process.stderr`, so stdout stays clean for piping). */
  stream?: ProgressStream;
  /** Force TTY (one updating line) or plain mode; default: the stream's `isTTY`. */
  tty?: boolean;
  /** In plain mode, print a line every this many steps (default 10); the last step always prints. */
  every?: number;
}

/** What one status line shows. */
export interface ProgressStatus {
  step: number;
  totalSteps: number;
  loss: number;
  learningRate: number;
  /** Tokens per second, or null when batches are not counted (then steps per second are shown). */
  tokensPerSecond: number | null;
  stepsPerSecond: number;
  /** Estimated seconds left, or null before there is a rate to estimate from. */
  etaSeconds: number | null;
}

/**
 * Training progress for humans. On a terminal: one line rewritten in place
 * with `\r` (step/total, loss, lr, tokens/s, ETA); messages such as eval
 * results are printed above it and the line is redrawn. Elsewhere (logs, CI):
 * a plain line every `every` steps.
 */
export class ProgressLine {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly every: number;
  private current: string | null = null;

  constructor(options: ProgressLineOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? this.stream.isTTY === true;
    this.every = options.every ?? 10;
    if (!Number.isInteger(this.every) || this.every < 1) throw new Error(`ProgressLine: expected every >= 1, got ${this.every}`);
  }

  /** Shows the status after a step. */
  update(status: ProgressStatus): void {
    const line = formatStatus(status);
    if (this.tty) {
      const columns = this.stream.columns ?? 120;
      this.current = line.length >= columns ? line.slice(0, columns - 1) : line;
      // \x1b[K clears what a longer previous line left to the right.
      this.stream.write(`\r${this.current}\x1b[K`);
    } else if (status.step % this.every === 0 || status.step === status.totalSteps) {
      this.stream.write(line + '\n');
    }
  }

  /** Prints a message on its own line (above the status line on a terminal). */
  message(text: string): void {
    if (this.tty && this.current !== null) {
      this.stream.write(`\r\x1b[K${text}\n${this.current}`);
    } else {
      this.stream.write(text + '\n');
    }
  }

  /** Ends the status line so later output starts on a fresh line. */
  finish(): void {
    if (this.tty && this.current !== null) this.stream.write('\n');
    this.current = null;
  }
}

/** `step 120/2000 (6%) | loss 2.3456 | lr 6.00e-4 | 12.3k tok/s | ETA 3m12s` */
export function formatStatus(s: ProgressStatus): string {
  const width = String(s.totalSteps).length;
  const percent = Math.floor((100 * s.step) / s.totalSteps);
  const rate = s.tokensPerSecond !== null ? `${formatCount(s.tokensPerSecond)} tok/s` : `${s.stepsPerSecond.toFixed(2)} steps/s`;
  return [
    `step ${String(s.step).padStart(width)}/${s.totalSteps} (${percent}%)`,
    `loss ${s.loss.toFixed(4)}`,
    `lr ${s.learningRate.toExponential(2)}`,
    rate,
    `ETA ${s.etaSeconds === null ? '?' : formatDuration(s.etaSeconds)}`,
  ].join(' | ');
}

/** `45s`, `3m12s`, `2h05m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `950`, `12.3k`, `4.56M`. */
export function formatCount(n: number): string {
  if (n < 1000) return n.toFixed(0);
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}k`;
  return `${(n / 1e6).toFixed(2)}M`;
}
