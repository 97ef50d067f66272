/**
 * Per-kernel timing for benchmarks: wraps every kernel registered for a backend so that
 * each outermost kernel call is timed (kernels that call other kernels, like tfzoo's
 * BatchMatMul calling Transpose, count as one call of the outer kernel).
 *
 * The time outside kernels (tfjs's engine: tape recording, tidy scopes, shape checks;
 * tf.layers' apply; tfzoo's own JS) is the step time minus the kernel total.
 */
import * as tf from '@tensorflow/tfjs';

/** One row of the per-kernel table. */
export interface KernelTime {
  /** The kernel name (`BatchMatMul`, `_FusedMatMul`, …). */
  kernel: string;
  /** Calls per step. */
  calls: number;
  /** Milliseconds per step spent inside it. */
  ms: number;
  /** Share of the step's wall time. */
  share: number;
}

/** Kernel timings accumulated while `KernelTimer` is installed. */
export class KernelTimer {
  private readonly totals = new Map<string, { calls: number; ms: number }>();
  private readonly originals: tf.KernelConfig[] = [];
  private depth = 0;

  /** Wraps every kernel of `backendName`; call `uninstall()` to put the originals back. */
  install(backendName: string): void {
    if (this.originals.length > 0) throw new Error('KernelTimer: already installed');
    for (const config of tf.getKernelsForBackend(backendName)) {
      this.originals.push(config);
      const wrapped: tf.KernelConfig = { ...config, kernelFunc: this.timed(config.kernelName, config.kernelFunc) };
      // Keep non-enumerable marks (tfzoo's replaced-kernel symbol) so registries still recognise it.
      for (const symbol of Object.getOwnPropertySymbols(config)) {
        Object.defineProperty(wrapped, symbol, { value: (config as unknown as Record<symbol, unknown>)[symbol], enumerable: false });
      }
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel(wrapped);
    }
  }

  uninstall(): void {
    for (const config of this.originals) {
      tf.unregisterKernel(config.kernelName, config.backendName);
      tf.registerKernel(config);
    }
    this.originals.length = 0;
  }

  reset(): void {
    this.totals.clear();
  }

  /** The table for `steps` steps that took `stepMs` each (median), slowest kernel first. */
  table(steps: number, stepMs: number): KernelTime[] {
    const rows = [...this.totals].map(([kernel, t]) => ({
      kernel,
      calls: t.calls / steps,
      ms: t.ms / steps,
      share: t.ms / steps / stepMs,
    }));
    rows.sort((a, b) => b.ms - a.ms);
    return rows;
  }

  private timed(name: string, kernelFunc: tf.KernelFunc): tf.KernelFunc {
    return (args) => {
      if (this.depth > 0) return kernelFunc(args);
      this.depth++;
      const start = performance.now();
      try {
        return kernelFunc(args);
      } finally {
        const ms = performance.now() - start;
        this.depth--;
        const total = this.totals.get(name) ?? { calls: 0, ms: 0 };
        total.calls++;
        total.ms += ms;
        this.totals.set(name, total);
      }
    };
  }
}
