/**
 * An Int32Array that grows by doubling, for collecting token ids from a corpus
 * without ever holding them as a JS number[] (8+ bytes and a boxed-array slot
 * per token, against 4 bytes here).
 */
export class Int32ArrayBuilder {
  private buffer: Int32Array;
  private size = 0;

  /** `initialCapacity`: ids to reserve up front; the buffer doubles when full. */
  constructor(initialCapacity = 1024) {
    this.buffer = new Int32Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(id: number): void {
    if (this.size === this.buffer.length) this.grow(this.size + 1);
    this.buffer[this.size++] = id;
  }

  /** Appends every id of `ids`. */
  append(ids: ArrayLike<number>): void {
    const n = ids.length;
    if (this.size + n > this.buffer.length) this.grow(this.size + n);
    if (ids instanceof Int32Array) {
      this.buffer.set(ids, this.size);
    } else {
      for (let i = 0; i < n; i++) this.buffer[this.size + i] = ids[i];
    }
    this.size += n;
  }

  /** The ids so far, in an array of exactly the right length (a copy; the builder can go on). */
  build(): Int32Array {
    return this.buffer.slice(0, this.size);
  }

  private grow(needed: number): void {
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.buffer.subarray(0, this.size));
    this.buffer = next;
  }
}
