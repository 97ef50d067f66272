/** How `fit` reacts to Ctrl-C. */
export interface InterruptOptions {
  /** Listen for SIGINT while `fit` runs (default true). */
  enabled?: boolean;
  /** Where SIGINT is listened for (default `process`); the listener is removed when `fit` ends. */
  signals?: { on(event: 'SIGINT', listener: () => void): unknown; off(event: 'SIGINT', listener: () => void): unknown };
  /**
   * Ends the program after the checkpoint is saved (and at once on a second
   * Ctrl-C). Default `process.exit`; tests inject a recorder so the test
   * runner survives.
   */
  exit?: (code: number) => void;
}

/** Exit status of a program stopped by SIGINT (128 + signal number 2), as shells report it. */
export const SIGINT_EXIT_CODE = 130;

/** A SIGINT listener installed for the duration of a training run. */
export interface InterruptListener {
  /** Whether Ctrl-C was pressed since `listenForInterrupt`. */
  requested(): boolean;
  /** Ends the program with `SIGINT_EXIT_CODE` through the configured `exit`. */
  exit(): void;
  /** Removes the listener (always call, in a `finally`). */
  remove(): void;
}

/**
 * Installs a SIGINT listener: the first Ctrl-C only sets a flag (the loop
 * saves a checkpoint at the end of the current step and then exits); a second
 * one exits at once, for when saving is not wanted or hangs.
 */
export function listenForInterrupt(options: InterruptOptions = {}, onFirst: () => void = () => {}): InterruptListener {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) onFirst();
    else exit(SIGINT_EXIT_CODE);
  };
  const enabled = options.enabled ?? true;
  const signals = options.signals ?? process;
  if (enabled) signals.on('SIGINT', handler);
  return {
    requested: () => count > 0,
    exit: () => exit(SIGINT_EXIT_CODE),
    remove: () => {
      if (enabled) signals.off('SIGINT', handler);
    },
  };
}
