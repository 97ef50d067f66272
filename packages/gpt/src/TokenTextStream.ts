import type { Tokenizer } from '@tfzoo/tokenizers';

/** What `TokenTextStream.push` reports. */
export interface TextDelta {
  /** Text that is final now and can be shown (may be empty while text is held back). */
  text: string;
  /** True when a stop string appeared: the text before it has been emitted and generation should end. */
  stopped: boolean;
}

/**
 * Turns generated token ids into text as it streams, so that what is emitted never has
 * to be taken back:
 * - text that ends in U+FFFD is held back (a BPE token can end mid-way through a UTF-8
 *   character that the next token completes);
 * - a suffix that could be the start of a stop string is held back until it is known
 *   not to be one; when a stop string appears, the text before it is emitted and the
 *   stream is stopped (the stop string itself is not part of the output).
 */
export class TokenTextStream {
  private readonly ids: number[] = [];
  private emitted = '';
  private done = false;
  private readonly longestStop: number;

  constructor(
    private readonly tokenizer: Tokenizer,
    /** Strings that end generation; empty strings are ignored. */
    private readonly stop: readonly string[] = [],
  ) {
    this.stop = stop.filter((s) => s.length > 0);
    this.longestStop = Math.max(0, ...this.stop.map((s) => s.length));
  }

  /** Everything emitted so far. */
  get text(): string {
    return this.emitted;
  }

  /** Whether a stop string has ended the stream. */
  get stopped(): boolean {
    return this.done;
  }

  /** Adds a token; returns the text it makes final. */
  push(id: number): TextDelta {
    if (this.done) throw new Error('the stream has stopped; no more tokens can be added');
    this.ids.push(id);
    const decoded = this.tokenizer.decode(this.ids);
    const stopAt = this.findStop(decoded);
    if (stopAt >= 0) {
      this.done = true;
      return { text: this.emit(decoded.slice(0, stopAt)), stopped: true };
    }
    return { text: this.emit(decoded.slice(0, this.safeEnd(decoded))), stopped: false };
  }

  /** Emits whatever was held back (generation ended for another reason); returns it. */
  finish(): string {
    if (this.done) return '';
    this.done = true;
    return this.emit(this.tokenizer.decode(this.ids));
  }

  private emit(upTo: string): string {
    if (upTo.length <= this.emitted.length) return '';
    const delta = upTo.slice(this.emitted.length);
    this.emitted = upTo;
    return delta;
  }

  /** The first index of a stop string in the text not yet emitted (or overlapping its end). */
  private findStop(decoded: string): number {
    let first = -1;
    const from = Math.max(0, this.emitted.length - this.longestStop + 1);
    for (const s of this.stop) {
      const i = decoded.indexOf(s, from);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    return first;
  }

  /** Where the text that is safe to emit ends: before a trailing U+FFFD run and any partial stop string. */
  private safeEnd(decoded: string): number {
    let end = decoded.length;
    while (end > 0 && decoded[end - 1] === '\uFFFD') end--;
    let safe = end;
    for (const s of this.stop) {
      for (let n = Math.min(s.length - 1, end); n > 0; n--) {
        if (decoded.startsWith(s.slice(0, n), end - n)) {
          safe = Math.min(safe, end - n);
          break;
        }
      }
    }
    return Math.max(safe, this.emitted.length);
  }
}
