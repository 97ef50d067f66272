import { ProgressLine, ProgressStatus, formatCount, formatDuration, formatStatus } from './ProgressLine';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (t: string) => chunks.push(t) } };
}

const status = (step: number): ProgressStatus => ({
  step,
  totalSteps: 20,
  loss: 2.34567,
  learningRate: 6e-4,
  tokensPerSecond: 12_345,
  stepsPerSecond: 3,
  etaSeconds: 192,
});

describe('ProgressLine', () => {
  it('formats step/total, loss, lr, tokens/s and ETA', () => {
    expect(formatStatus(status(5))).toBe('step  5/20 (25%) | loss 2.3457 | lr 6.00e-4 | 12.3k tok/s | ETA 3m12s');
    expect(formatStatus({ ...status(5), tokensPerSecond: null, etaSeconds: null })).toContain('3.00 steps/s | ETA ?');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(7500)).toBe('2h05m');
    expect(formatCount(4_560_000)).toBe('4.56M');
  });

  it('rewrites one line with \\r on a terminal, printing messages above it', () => {
    const { chunks, stream } = recorder(true);
    const line = new ProgressLine({ stream });
    line.update(status(1));
    line.update(status(2));
    line.message('step 2: val_loss 2.1');
    line.finish();
    expect(chunks[0].startsWith('\rstep  1/20')).toBe(true);
    expect(chunks[1].startsWith('\rstep  2/20')).toBe(true);
    expect(chunks.join('').split('\n')).toHaveLength(3); // message line, redrawn status, final newline
    expect(chunks[2]).toContain('step 2: val_loss 2.1\n');
    expect(chunks[3]).toBe('\n');
  });

  it('prints plain lines every N steps (and at the end) when not a terminal', () => {
    const { chunks, stream } = recorder(false);
    const line = new ProgressLine({ stream, every: 8 });
    for (let s = 1; s <= 20; s++) line.update(status(s));
    line.finish();
    expect(chunks.every((c) => !c.includes('\r') && c.endsWith('\n'))).toBe(true);
    expect(chunks.map((c) => c.slice(0, 11))).toEqual(['step  8/20 ', 'step 16/20 ', 'step 20/20 ']);
  });
});
