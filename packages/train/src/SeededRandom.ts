/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the
 * same sequence on every machine, and its whole state is one integer, so it
 * can be saved in a checkpoint and restored.
 *
 * @example
 * const rng = new SeededRandom(42);
 * rng.next();          // in [0, 1)
 * rng.int(10);         // in [0, 10)
 */
export class SeededRandom {
  private state: number;

  /** @param seed Any integer; equal seeds give equal sequences. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`SeededRandom: expected a finite seed, got ${seed}`);
    this.state = Math.floor(seed) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`SeededRandom.int: expected a positive integer bound, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** A float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** The generator's state, for checkpoints. */
  getState(): number {
    return this.state;
  }

  /** Restores a state from `getState`. */
  setState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) {
      throw new Error(`SeededRandom.setState: expected an unsigned 32-bit integer, got ${state}`);
    }
    this.state = state;
  }
}
