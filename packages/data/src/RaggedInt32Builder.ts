import { Int32ArrayBuilder } from './Int32ArrayBuilder';
import { RaggedInt32Array } from './RaggedInt32Array';

/** Collects sequences one at a time (e.g. while tokenizing a file) into a {@link RaggedInt32Array}. */
export class RaggedInt32Builder {
  private readonly values = new Int32ArrayBuilder();
  private readonly offsets = new Int32ArrayBuilder();

  constructor() {
    this.offsets.push(0);
  }

  /** Number of sequences so far. */
  get length(): number {
    return this.offsets.length - 1;
  }

  push(sequence: ArrayLike<number>): void {
    this.values.append(sequence);
    this.offsets.push(this.values.length);
  }

  build(): RaggedInt32Array {
    return new RaggedInt32Array(this.values.build(), this.offsets.build());
  }
}
