/**
 * Many int32 sequences of different lengths (one tokenized sentence each) in
 * two typed arrays: all values back to back, and `offsets` where sequence i
 * occupies `values[offsets[i] .. offsets[i + 1])`. A corpus of 165k sentence
 * pairs stays a few MB instead of 165k small JS arrays.
 */
export class RaggedInt32Array {
  /** All sequences concatenated. */
  readonly values: Int32Array;
  /** `length + 1` non-decreasing offsets into `values`, starting at 0. */
  readonly offsets: Int32Array;

  constructor(values: Int32Array, offsets: Int32Array) {
    if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== values.length) {
      throw new Error(`expected offsets from 0 to values.length = ${values.length}, got [${offsets[0]} .. ${offsets[offsets.length - 1]}]`);
    }
    for (let i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1]) throw new Error(`expected non-decreasing offsets, got ${offsets[i - 1]} then ${offsets[i]} at ${i}`);
    }
    this.values = values;
    this.offsets = offsets;
  }

  /** Packs ordinary arrays (tests, small data). */
  static from(sequences: readonly ArrayLike<number>[]): RaggedInt32Array {
    return pack(sequences.length, (k) => sequences[k]);
  }

  /** Number of sequences. */
  get length(): number {
    return this.offsets.length - 1;
  }

  /** Sequence i as a view (no copy). */
  get(i: number): Int32Array {
    this.checkIndex(i);
    return this.values.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  /** Length of sequence i. */
  lengthOf(i: number): number {
    this.checkIndex(i);
    return this.offsets[i + 1] - this.offsets[i];
  }

  /** The sequences at `indices`, in that order, packed anew. */
  select(indices: ArrayLike<number>): RaggedInt32Array {
    return pack(indices.length, (k) => this.get(indices[k]));
  }

  private checkIndex(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new Error(`expected a sequence index in [0, ${this.length}), got ${i}`);
  }
}

function pack(count: number, sequence: (k: number) => ArrayLike<number>): RaggedInt32Array {
  const offsets = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) offsets[k + 1] = offsets[k] + sequence(k).length;
  const values = new Int32Array(offsets[count]);
  for (let k = 0; k < count; k++) {
    const s = sequence(k);
    if (s instanceof Int32Array) values.set(s, offsets[k]);
    else for (let i = 0; i < s.length; i++) values[offsets[k] + i] = s[i];
  }
  return new RaggedInt32Array(values, offsets);
}
