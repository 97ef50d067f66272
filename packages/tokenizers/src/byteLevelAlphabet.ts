/**
 * GPT-2's byte-to-character table: each of the 256 byte values gets one
 * printable character, so byte-level BPE tokens can be written, stored in JSON
 * and shown as ordinary strings (`Ġthe` is the bytes of " the": space is `Ġ`).
 * Printable Latin-1 bytes map to themselves; the other 68 (controls, space,
 * 0x7F–0xA0, 0xAD) map to U+0100 onwards, in byte order. Identical to
 * `bytes_to_unicode()` in GPT-2's `encoder.py`, so vocabularies read the same.
 */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** The inverse of `BYTE_TO_CHAR`. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((ch, byte) => [ch, byte]));

function buildByteToChar(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = new Array(256);
  let next = 0x100;
  for (let b = 0; b < 256; b++) table[b] = String.fromCharCode(printable(b) ? b : next++);
  return table;
}

/** Bytes to their byte-level spelling, e.g. the UTF-8 of " é" to `ĠÃ©`. */
export function bytesToByteLevel(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_CHAR[bytes[i]];
  return s;
}

/** The inverse of `bytesToByteLevel`; undefined if a character is outside the 256-character alphabet. */
export function byteLevelToBytes(token: string): Uint8Array | undefined {
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const b = CHAR_TO_BYTE.get(token[i]);
    if (b === undefined) return undefined;
    bytes[i] = b;
  }
  return bytes;
}
