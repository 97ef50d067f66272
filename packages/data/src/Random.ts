/**
 * A small seeded pseudo-random generator (mulberry32: 32-bit state, period
 * 2^32, passes gjrand/PractRand at the sizes we use). Everything random in
 * this package (shuffles, splits, LM windows) draws from one of these, so a
 * seed reproduces a run exactly on any machine, and `state` can be saved in a
 * checkpoint and restored to continue the same sequence.
 *
 *     const rng = new Random(1337);
 *     rng.nextInt(10); // an integer in [0, 10)
 */
export class Random {
  private s: number;

  /** `seed`: any integer; only its low 32 bits matter. */
  constructor(seed: number) {
    this.s = checkSeed(seed);
  }

  /** The generator's whole state; assigning a saved value resumes that sequence. */
  get state(): number {
    return this.s;
  }

  set state(value: number) {
    this.s = checkSeed(value);
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.nextFloat();
  }

  /**
   * A uniform integer in [0, n), n in [1, 2^32]. Rejection sampling keeps it
   * exactly uniform (a plain `floor(float * n)` is biased for n that do not
   * divide 2^32, which matters for window starts in a large corpus).
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new Error(`expected an integer n in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let u = this.nextUint32();
    while (u >= limit) u = this.nextUint32();
    return u % n;
  }
}

function checkSeed(seed: number): number {
  if (!Number.isInteger(seed)) throw new Error(`expected an integer seed, got ${seed}`);
  return seed >>> 0;
}

/** A seed or a generator to draw from; a seed starts a fresh `Random`. */
export type SeedOrRandom = number | Random;

/** The generator for a `SeedOrRandom` argument. */
export function toRandom(seed: SeedOrRandom): Random {
  return seed instanceof Random ? seed : new Random(seed);
}
